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
/// Runtime jobs (drains of queued triggers, inline triggers) and a full buffer commit on the
/// store's committer thread (`Store.writeInBackground`), so the runtime computes its next runs
/// while SQLite stores the last ones (on two cores, +30 % completed triggers/s); every read or
/// write of the store waits for the commits handed over before it, so nothing can observe the
/// difference but time.
///
/// The store lock is taken only while committing, never across the job's other work, so no lock
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
    /// How the outermost `batching` now running commits at its end.
    private var backgroundAtEnd = false
    private var committed = 0
    /// Queued writes that make a commit mid-job. It bounds the memory a job's writes hold and,
    /// in memory, lets a fan-out's first commits run on the committer thread while the executor
    /// computes the rest (~4 writes per recipient: 512 is a commit per ~128 recipients). With a
    /// `--db` file each commit is an fsync, so the limit is larger there.
    let limit: Int

    /// Transactions committed so far (tests count them instead of timing anything).
    public var commits: Int { lock.withLock { committed } }

    public init(store: Store, limit: Int? = nil) {
        self.store = store
        self.limit = limit ?? (store.isInMemory ? 512 : 4_096)
    }

    /// Runs `body` with writes queued; they are committed when the outermost call returns: in
    /// line, or with `inBackground` handed to the store's committer thread, so the runtime goes
    /// on (to its next drain, or to answering the trigger) while SQLite stores this job.
    public func batching<T>(inBackground: Bool = false, _ body: () throws -> T) rethrows -> T {
        lock.withLock {
            if depth == 0 { backgroundAtEnd = inBackground }
            depth += 1
        }
        defer {
            let (outermost, background) = lock.withLock { depth -= 1; return (depth == 0, backgroundAtEnd) }
            if outermost { flush(inBackground: background) }
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
        if !queued { commit([(write, oneStatement)], inBackground: false) }
        // A full buffer mid-job: the job goes on while the committer stores it.
        else if lock.withLock({ pending.count >= limit }) { flush(inBackground: true) }
    }

    /// Commits every queued write, in line (call before reading the tables they write).
    public func flush() { flush(inBackground: false) }

    private func flush(inBackground: Bool) {
        let writes: [(write: Write, oneStatement: Bool)] = lock.withLock {
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        if !writes.isEmpty { commit(writes, inBackground: inBackground) }
    }

    private func commit(_ writes: [(write: Write, oneStatement: Bool)], inBackground: Bool) {
        lock.withLock { committed += 1 }
        let batch = QueuedWrites(writes)
        if inBackground {
            store.writeInBackground({ db throws(StoreError) in try batch.apply(to: db) }, failed: { Self.report($0) })
            return
        }
        do { try store.write { db throws(StoreError) in try batch.apply(to: db) } } catch { Self.report(error) }
    }

    /// One commit's writes, sent to the committer thread. Each closure captured its values when it
    /// was queued and touches nothing but the database, which is what makes sending them safe.
    private final class QueuedWrites: @unchecked Sendable {
        let writes: [(write: Write, oneStatement: Bool)]
        init(_ writes: [(write: Write, oneStatement: Bool)]) { self.writes = writes }

        func apply(to db: Database) throws(StoreError) {
            if writes.count == 1 { return try writes[0].write(db) }
            for (write, oneStatement) in writes {
                if oneStatement {
                    do { try write(db) } catch { StoreWriteBuffer.report(error) }
                    continue
                }
                try db.run("SAVEPOINT batched_write")
                do {
                    try write(db)
                } catch {
                    try db.run("ROLLBACK TO batched_write")
                    StoreWriteBuffer.report(error)
                }
                try db.run("RELEASE batched_write")
            }
        }
    }

    /// Storage faults are not the runtime's to handle (it has no error path for them): reported, the write dropped.
    static func report(_ error: any Error) {
        FileHandle.standardError.write(Data("knocksh: message store write failed: \(error)\n".utf8))
    }
}
