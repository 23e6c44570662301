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
    /// Commits handed over by `writeInBackground`, run one at a time in the order given.
    private let committer = DispatchQueue(label: "knocksh.store.committer")
    private let backlogLock = NSLock()
    private var backlog = 0
    /// Background commits allowed in flight: a producer faster than SQLite waits for a slot (not
    /// for the whole queue, which stalled the pipeline: both threads idled in turn) rather than
    /// queueing unbounded memory.
    private let slots = DispatchSemaphore(value: 4)

    public init(path: String?) throws(StoreError) {
        db = try Database(path: path)
        try Schema.migrate(db)
    }

    /// No `--db` file: a commit costs no fsync.
    public var isInMemory: Bool { db.path == nil }

    /// Runs `body` with exclusive access, outside a transaction, after every background commit.
    public func read<T, E: Error>(_ body: (Database) throws(E) -> T) throws(E) -> T {
        waitForBackgroundWrites()
        lock.lock()
        defer { lock.unlock() }
        return try body(db)
    }

    /// Runs `body` with exclusive access in one transaction: all of it is stored or none. It runs
    /// after every background commit handed over before it.
    public func write<T, E: Error>(_ body: (Database) throws(E) -> T) throws(E) -> T {
        waitForBackgroundWrites()
        lock.lock()
        defer { lock.unlock() }
        return try db.transaction { () throws(E) -> T in try body(db) }
    }

    /// Commits `body` in one transaction on the store's committer thread and returns at once.
    /// Every later `read` or `write` waits for it, so no caller can observe the difference except
    /// in time: the workflow runtime goes on with its next runs while SQLite stores the last
    /// ones, which puts the second core to work (`StoreWriteBuffer`). `body` must not call back
    /// into the store. When it throws, its transaction is rolled back and `failed` is told.
    public func writeInBackground(_ body: @escaping @Sendable (Database) throws(StoreError) -> Void,
                                  failed: @escaping @Sendable (StoreError) -> Void) {
        slots.wait()
        backlogLock.withLock { backlog += 1 }
        committer.async { [self] in
            lock.withLock {
                do throws(StoreError) { try db.transaction { () throws(StoreError) in try body(db) } } catch { failed(error) }
            }
            backlogLock.withLock { backlog -= 1 }
            slots.signal()
        }
    }

    /// Returns once every commit handed to `writeInBackground` so far is stored.
    public func waitForBackgroundWrites() {
        guard backlogLock.withLock({ backlog > 0 }) else { return }
        committer.sync {}
    }
}
