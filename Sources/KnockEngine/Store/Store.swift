import Foundation
import KnockCore

/// The engine's storage: one SQLite database shared by every environment, behind one lock.
///
/// Environments share the database (every table has an `env` column leading every index) rather
/// than one database each, because: `--db FILE` stays one file with one WAL to back up or delete;
/// creating an environment per test is an INSERT, not a file or connection; and one lock is
/// plenty when every call is microseconds. The price, deleting an environment row by row, is paid
/// only by `DELETE /_admin/environments/{id}`.
///
/// ```swift
/// let store = try Store(path: nil)
/// let n = try store.read { db in try db.first("SELECT count(*) FROM users", []) { $0.int(0) } }
/// try store.write { db in try db.run("DELETE FROM users WHERE env = ?", [.int(env)]) }
/// ```
public final class Store: @unchecked Sendable {
    private let db: Database
    private let lock = NSLock()

    public init(path: String?) throws(StoreError) {
        db = try Database(path: path)
        try Schema.migrate(db)
    }

    /// Runs `body` with exclusive access, outside a transaction.
    public func read<T, E: Error>(_ body: (Database) throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(db)
    }

    /// Runs `body` with exclusive access in one transaction: all of it is stored or none.
    public func write<T, E: Error>(_ body: (Database) throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try db.transaction { () throws(E) -> T in try body(db) }
    }
}
