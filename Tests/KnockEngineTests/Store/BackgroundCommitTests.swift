import Foundation
import Testing
@testable import KnockEngine

/// The runtime's buffered writes are committed on the store's committer thread
/// (`Store.writeInBackground`); every later read or write of the store waits for them, so callers
/// see the same database as when the commits were made in line.
@Suite struct BackgroundCommitTests {
    private func storeWithTable() throws -> Store {
        let store = try Store(path: nil)
        try store.write { db throws(StoreError) in try db.execute("CREATE TABLE t(k TEXT PRIMARY KEY, n INTEGER)") }
        return store
    }

    private func keys(_ store: Store) throws -> [String] {
        try store.read { db throws(StoreError) in try db.query("SELECT k FROM t ORDER BY n", []) { $0.text(0) } }
    }

    @Test func readsAndWritesComeAfterEveryBackgroundCommitHandedOverBeforeThem() throws {
        let store = try storeWithTable()
        let failures = LockedValue<[StoreError]>([])
        for i in 0..<200 {
            store.writeInBackground({ db throws(StoreError) in
                try db.run("INSERT INTO t VALUES(?, ?)", [.text("k\(i)"), .int(Int64(i))])
            }, failed: { e in failures.withLock { $0.append(e) } })
        }
        // A write in line sees the rows too: it updates all 200.
        let updated = try store.write { db throws(StoreError) in try db.run("UPDATE t SET n = n + 1000", []) }
        #expect(updated == 200)
        #expect(try keys(store) == (0..<200).map { "k\($0)" })
        #expect(failures.withLock { $0 }.isEmpty)
    }

    @Test func aFailingBackgroundCommitIsRolledBackWholeAndReported() throws {
        let store = try storeWithTable()
        let failures = LockedValue<[StoreError]>([])
        store.writeInBackground({ db throws(StoreError) in
            try db.run("INSERT INTO t VALUES('a', 1)", [])
            try db.run("INSERT INTO t VALUES('a', 2)", [])     // UNIQUE: the whole commit is undone
        }, failed: { e in failures.withLock { $0.append(e) } })
        store.writeInBackground({ db throws(StoreError) in try db.run("INSERT INTO t VALUES('b', 3)", []) },
                                failed: { e in failures.withLock { $0.append(e) } })
        #expect(try keys(store) == ["b"])
        store.waitForBackgroundWrites()
        #expect(failures.withLock { $0.map(\.code) } == [19])
    }

    /// At most four commits wait on the committer: a fifth hand-over waits for a slot, and goes
    /// on as soon as one commit is done, not when all are (waiting for all made both threads idle
    /// in turn).
    @Test func aProducerAheadOfTheCommitterWaitsForOneSlotOnly() throws {
        let store = try storeWithTable()
        let releaseFirst = DispatchSemaphore(value: 0), releaseSecond = DispatchSemaphore(value: 0)
        let handedOver = LockedValue(0)
        let producer = Thread {
            for i in 0..<6 {
                store.writeInBackground({ db throws(StoreError) in
                    if i == 0 { releaseFirst.wait() }
                    if i == 1 { releaseSecond.wait() }
                    try db.run("INSERT INTO t VALUES(?, ?)", [.text("k\(i)"), .int(Int64(i))])
                }, failed: { _ in })
                handedOver.withLock { $0 += 1 }
            }
        }
        func waitFor(_ count: Int) {
            for _ in 0..<5_000 where handedOver.withLock({ $0 }) < count { usleep(1_000) }
        }
        producer.start()
        waitFor(4)
        usleep(20_000)   // time for a fifth hand-over, were it not waiting
        #expect(handedOver.withLock { $0 } == 4)
        releaseFirst.signal()    // one commit done: one slot free, while the second still blocks
        waitFor(5)
        #expect(handedOver.withLock { $0 } == 5)
        releaseSecond.signal()
        waitFor(6)
        #expect(try keys(store) == (0..<6).map { "k\($0)" })
    }

    /// `StoreWriteBuffer` hands a job's writes over in one commit, made off the calling thread; a
    /// refused write among them is undone alone.
    @Test func aBufferedJobIsCommittedOnceOffTheCallersThread() throws {
        let store = try storeWithTable()
        let buffer = StoreWriteBuffer(store: store)
        let caller = pthread_self()
        let committedOn = LockedValue<[pthread_t]>([])
        buffer.batching(inBackground: true) {
            for (i, key) in ["x", "y", "x", "z"].enumerated() {
                buffer.write { db throws(StoreError) in
                    committedOn.withLock { $0.append(pthread_self()) }
                    try db.run("INSERT INTO t VALUES(?, ?)", [.text(key), .int(Int64(i))])
                }
            }
        }
        #expect(try keys(store) == ["x", "y", "z"])
        #expect(buffer.commits == 1)
        let threads = committedOn.withLock { $0 }
        #expect(threads.count == 4)
        #expect(threads.allSatisfy { pthread_equal($0, caller) == 0 })
    }

    /// Without `inBackground` (a single inline trigger, a read's own job) the commit is made on
    /// the calling thread, as is the flush a read makes first.
    @Test func aJobNotInBackgroundAndAReadsFlushCommitInLine() throws {
        let store = try storeWithTable()
        let buffer = StoreWriteBuffer(store: store)
        let caller = pthread_self()
        let committedOn = LockedValue<[pthread_t]>([])
        let insert = { (key: String, n: Int64) in
            buffer.write { db throws(StoreError) in
                committedOn.withLock { $0.append(pthread_self()) }
                try db.run("INSERT INTO t VALUES(?, ?)", [.text(key), .int(n)])
            }
        }
        buffer.batching { insert("a", 1) }
        buffer.batching(inBackground: true) {
            insert("b", 2)
            buffer.flush()
            insert("c", 3)
        }
        #expect(try keys(store) == ["a", "b", "c"])
        let threads = committedOn.withLock { $0 }
        #expect(threads.count == 3)
        #expect(pthread_equal(threads[0], caller) != 0)
        #expect(pthread_equal(threads[1], caller) != 0)
        #expect(pthread_equal(threads[2], caller) == 0)
        #expect(buffer.commits == 3)
    }
}
