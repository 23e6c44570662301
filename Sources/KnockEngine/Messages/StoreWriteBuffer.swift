import Foundation

/// Groups the message and run stores' writes of one executor job into one SQLite transaction.
///
/// A 1,000-recipient fan-out used to commit ~3,000 transactions (activity, message, run per
/// recipient); every COMMIT has a fixed cost (with `--db` an fsync, and a walk of SQLite's page
/// cache either way; `Database` keeps that cache small in memory). Inside `batching`, writes are
/// queued — their values computed at once, so later changes to a run are not picked up — and
/// committed together when the outermost `batching` returns, every `limit` writes, or before any
/// read of these tables (`flush`), so reads still see every write made before them. Each write
/// keeps its own savepoint: a refused one is undone alone, as when it had its own transaction.
///
/// The store lock is taken only while flushing, never across the job's other work, so no lock
/// order changes.
///
/// ```swift
/// let writes = StoreWriteBuffer(store: engine.store)
/// writes.batching {
///     writes.write { db throws(StoreError) in try db.run("INSERT …", values) }   // queued
/// }                                                                              // committed here
/// ```
public final class StoreWriteBuffer: @unchecked Sendable {
    public typealias Write = (Database) throws(StoreError) -> Void

    private let store: Store
    private let lock = NSLock()
    private var pending: [(write: Write, oneStatement: Bool)] = []
    private var depth = 0
    private var committed = 0
    /// Bounds the memory held by one job's queued writes.
    let limit: Int

    /// Transactions committed so far (tests count them instead of timing anything).
    public var commits: Int { lock.withLock { committed } }

    public init(store: Store, limit: Int = 4_096) {
        self.store = store
        self.limit = limit
    }

    /// Runs `body` with writes queued; they are committed when the outermost call returns.
    public func batching<T>(_ body: () throws -> T) rethrows -> T {
        lock.withLock { depth += 1 }
        defer {
            let outermost = lock.withLock { depth -= 1; return depth == 0 }
            if outermost { flush() }
        }
        return try body()
    }

    /// Queues `write` inside `batching`; runs it in its own transaction outside. `oneStatement`:
    /// the write is a single SQL statement, which SQLite already undoes alone when it fails, so
    /// it needs no savepoint of its own (two statements saved per row on a fan-out's hot path).
    public func write(oneStatement: Bool = false, _ write: @escaping Write) {
        let queued: Bool = lock.withLock {
            guard depth > 0 else { return false }
            pending.append((write, oneStatement))
            return true
        }
        if !queued { commit([(write, oneStatement)]) }
        else if lock.withLock({ pending.count >= limit }) { flush() }
    }

    /// Commits every queued write (call before reading the tables they write).
    public func flush() {
        let writes: [(write: Write, oneStatement: Bool)] = lock.withLock {
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        if !writes.isEmpty { commit(writes) }
    }

    private func commit(_ writes: [(write: Write, oneStatement: Bool)]) {
        lock.withLock { committed += 1 }
        do {
            try store.write { db throws(StoreError) in
                if writes.count == 1 { return try writes[0].write(db) }
                for (write, oneStatement) in writes {
                    if oneStatement {
                        do { try write(db) } catch { Self.report(error) }
                        continue
                    }
                    try db.run("SAVEPOINT batched_write")
                    do {
                        try write(db)
                    } catch {
                        try db.run("ROLLBACK TO batched_write")
                        Self.report(error)
                    }
                    try db.run("RELEASE batched_write")
                }
            }
        } catch {
            Self.report(error)
        }
    }

    /// Storage faults are not the runtime's to handle (it has no error path for them): reported, the write dropped.
    static func report(_ error: any Error) {
        FileHandle.standardError.write(Data("knocksh: message store write failed: \(error)\n".utf8))
    }
}
