import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// 1,000-recipient fan-out over the engine's SQLite recipient store: exactly one message per
/// recipient, to the right recipient, with each recipient's own data rendered, and the shared
/// actor and tenant read once per trigger rather than once per recipient.
@Suite struct FanOutScaleTests {
    /// A runtime over a real (in-memory) SQLite engine store, on a frozen clock.
    struct EngineHarness {
        let engine: Engine
        let env: Environment
        let directory: CountingDirectory
        let runtime: WorkflowRuntime

        init() throws {
            engine = try Engine(configuration: .init(processBulkOperations: false))
            env = try engine.environments.create(name: "fanout")
            directory = CountingDirectory(EngineRecipientDirectory(engine: engine, environment: env))
            runtime = WorkflowRuntime(clock: VirtualClock(start: RuntimeHarness.start, frozen: true),
                                      directory: directory, messages: InMemoryMessageStore())
            let wf = try WorkflowDefinition(key: "fanout", json: ["name": "Fan-out", "steps": [
                Steps.inApp(body: "Hi {{ recipient.name }} from {{ actor.name }} at {{ tenant.name }}")]])
            runtime.load(workflows: [wf])
        }
    }

    @Test func thousandInlineRecipientsGetOneMessageEach() throws {
        let h = try EngineHarness()
        _ = try h.engine.identifyUser(h.env, id: "boss", body: ["name": "Boss"])
        _ = try h.engine.setTenant(h.env, id: "acme", body: ["name": "Acme"])
        let recipients: [JSON] = (0..<1000).map { ["id": .string("u\($0)"), "name": .string("User \($0)")] }
        h.directory.reset()
        let reply = try h.runtime.trigger(workflowKey: "fanout", body: ["recipients": .array(recipients), "actor": "boss", "tenant": "acme"])
        h.runtime.drain()

        var q = MessageQuery()
        q.workflowRunID = reply.workflowRunID
        let messages = h.runtime.messageRecords(q)
        #expect(messages.count == 1000)
        #expect(Set(messages.map(\.recipient)) == Set((0..<1000).map { RecipientRef.user("u\($0)") }))
        let m = try #require(messages.first { $0.recipient == .user("u417") })
        let blocks = h.runtime.messageContent(id: m.id)?["data"]?["blocks"]
        #expect(blocks?[0]?["rendered"]?.stringValue == "<p>Hi User 417 from Boss at Acme</p>")
        // The inline users were stored (one transaction) and are real users now.
        #expect(try h.engine.getUser(h.env, id: "u999")["name"] == "User 999")
        // Actor and tenant are shared by every run: read when the trigger is accepted and once
        // for all the runs, not once (or five times) per recipient; each recipient is read once.
        #expect(h.directory.reads(.user("boss")) == 2)
        #expect(h.directory.reads(RecipientRef(collection: RecipientRef.tenantsCollection, id: "acme")) == 2)
        #expect(h.directory.reads(.user("u417")) == 1)
        #expect(h.directory.batchReads == 1)
    }

    @Test func objectWithThousandSubscribersFansOutToEachSubscriberOnce() throws {
        let h = try EngineHarness()
        let project = RecipientKey(collection: "projects", id: "p1")
        _ = try h.engine.setObject(h.env, collection: "projects", id: "p1", body: ["name": "Apollo"])
        for i in 0..<1000 { _ = try h.engine.identifyUser(h.env, id: "s\(i)", body: ["name": .string("Sub \(i)")]) }
        for start in stride(from: 0, to: 1000, by: 100) {
            let ids: [JSON] = (start..<start + 100).map { .string("s\($0)") }
            _ = try h.engine.addSubscriptions(h.env, object: project, body: ["recipients": .array(ids)])
        }
        // The actor is a subscriber too: Knock leaves the actor out of the fan-out.
        let reply = try h.runtime.trigger(workflowKey: "fanout", body: ["recipients": [["id": "p1", "collection": "projects"]], "actor": "s0"])
        h.runtime.drain()

        var q = MessageQuery()
        q.workflowRunID = reply.workflowRunID
        let users = h.runtime.messageRecords(q).map(\.recipient).filter(\.isUser)
        #expect(users.count == 999)
        #expect(Set(users) == Set((1..<1000).map { RecipientRef.user("s\($0)") }))
    }

    /// Triggers queued while the executor is busy run in one drain, which shares recipient reads:
    /// 50 one-recipient triggers for the same user read that user once, not once per trigger.
    @Test func triggersDrainedTogetherReadTheirRecipientOnce() throws {
        let h = try EngineHarness()
        _ = try h.engine.identifyUser(h.env, id: "u1", body: ["name": "Ada"])
        _ = try h.engine.identifyUser(h.env, id: "boss", body: ["name": "Boss"])
        // Hold the executor so every trigger below lands in the same drain.
        let hold = DispatchSemaphore(value: 0), holding = DispatchSemaphore(value: 0)
        h.runtime.enqueue { holding.signal(); hold.wait() }
        holding.wait()
        var runIDs: [String] = []
        for n in 0..<50 {
            runIDs.append(try h.runtime.trigger(workflowKey: "fanout", body: ["recipients": ["u1"], "actor": "boss", "data": ["n": .int(n)]]).workflowRunID)
        }
        hold.signal()
        h.runtime.drain()
        var q = MessageQuery()
        q.recipient = .user("u1")
        let messages = h.runtime.messageRecords(q)
        #expect(messages.count == 50)
        #expect(Set(messages.map(\.workflowRunID)) == Set(runIDs))
        #expect(h.directory.reads(.user("u1")) == 1)
        // The actor: once per accepted trigger (it must exist), once for the whole drain.
        #expect(h.directory.reads(.user("boss")) == 51)
    }
}

/// Counts reads of each recipient, so tests can check lookups are shared without timing anything.
final class CountingDirectory: RecipientDirectory, @unchecked Sendable {
    let inner: RecipientDirectory
    private let lock = NSLock()
    private var counts: [RecipientRef: Int] = [:]
    private var batches = 0

    init(_ inner: RecipientDirectory) { self.inner = inner }

    /// Reads of one recipient, alone or as part of a batch (`users(ids:)`).
    func reads(_ ref: RecipientRef) -> Int { lock.withLock { counts[ref] ?? 0 } }
    /// Calls of `users(ids:)`.
    var batchReads: Int { lock.withLock { batches } }
    func reset() { lock.withLock { counts = [:]; batches = 0 } }

    func identify(_ ref: RecipientRef, properties: JSONObject, now: Date) { inner.identify(ref, properties: properties, now: now) }
    func identify(_ batch: [(ref: RecipientRef, properties: JSONObject)], now: Date) { inner.identify(batch, now: now) }
    func recipient(_ ref: RecipientRef) -> JSON? {
        lock.withLock { counts[ref, default: 0] += 1 }
        return inner.recipient(ref)
    }
    func users(ids: [String]) -> [String: PrefetchedUser] {
        lock.withLock {
            batches += 1
            for id in ids { counts[.user(id), default: 0] += 1 }
        }
        return inner.users(ids: ids)
    }
    func subscribers(of object: RecipientRef) -> [(recipient: RecipientRef, properties: JSON)] { inner.subscribers(of: object) }
    func preferenceSets(for ref: RecipientRef) -> [String: JSON] { inner.preferenceSets(for: ref) }
    func channelData(for ref: RecipientRef, channelID: UUID) -> JSON? { inner.channelData(for: ref, channelID: channelID) }
}

/// A fan-out's rows (activity, message, contents, events, run per recipient) reach SQLite in one
/// transaction, not one per row; reads during and after the job still see every row.
@Suite struct FanOutTransactionTests {
    /// A runtime whose message, run and (optional) state stores share one write buffer, as
    /// `serve` builds it; its clock is frozen.
    static func sqliteRuntime(_ engine: Engine, _ env: Environment, writes: StoreWriteBuffer,
                              stateStore: RuntimeStateStore? = nil) -> WorkflowRuntime {
        WorkflowRuntime(clock: VirtualClock(start: RuntimeHarness.start, frozen: true),
                        directory: EngineRecipientDirectory(engine: engine, environment: env),
                        messages: SQLiteMessageStore(store: engine.store, environment: env, writes: writes),
                        runStore: SQLiteRunStore(store: engine.store, environment: env, writes: writes),
                        stateStore: stateStore)
    }

    @Test func thousandRecipientFanOutCommitsOnce() throws {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        let env = try engine.environments.create(name: "fanout-writes")
        for i in 0..<1000 { _ = try engine.identifyUser(env, id: "u\(i)", body: ["name": .string("User \(i)")]) }
        // A limit above the job's ~4,000 writes: one commit. (`serve` in memory commits every 512
        // writes so the committer thread can start early; see the next test.)
        let writes = StoreWriteBuffer(store: engine.store, limit: 8_192)
        let runtime = Self.sqliteRuntime(engine, env, writes: writes)
        runtime.load(workflows: [try WorkflowDefinition(key: "fanout", json: ["name": "Fan-out", "steps": [Steps.inApp(body: "Hi {{ recipient.name }}")]])])
        let before = writes.commits
        let reply = try runtime.trigger(workflowKey: "fanout", body: ["recipients": .array((0..<1000).map { .string("u\($0)") })])
        runtime.drain()
        #expect(writes.commits - before == 1)

        var q = MessageQuery()
        q.workflowRunID = reply.workflowRunID
        let messages = runtime.messageRecords(q)
        #expect(messages.count == 1000)
        let m = try #require(messages.first { $0.recipient == .user("u417") })
        #expect(runtime.messageContent(id: m.id)?["data"]?["blocks"]?[0]?["rendered"]?.stringValue == "<p>Hi User 417</p>")
        #expect(runtime.messageEvents(id: m.id)?.isEmpty == false)
        var runs = RecipientRunQuery()
        runs.workflowRunID = reply.workflowRunID
        #expect(runtime.recipientRuns(runs, page: PageRequest(pageSize: 50)).entries.count == 50)
        #expect(runtime.recipientRun(id: m.workflowRecipientRunID)?["status"] == "completed")
    }

    /// In memory a job commits every 512 queued writes (a commit costs no fsync there, and the
    /// committer thread stores the first recipients while the executor computes the rest); with a
    /// `--db` file every 4,096. Either way a 1,000-recipient fan-out is a handful of commits.
    @Test func theDefaultLimitDependsOnTheStoreAndKeepsCommitsFew() throws {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        let env = try engine.environments.create(name: "fanout-limit")
        for i in 0..<1000 { _ = try engine.identifyUser(env, id: "u\(i)", body: ["name": .string("User \(i)")]) }
        let writes = StoreWriteBuffer(store: engine.store)
        #expect(writes.limit == 512)
        let runtime = Self.sqliteRuntime(engine, env, writes: writes)
        runtime.load(workflows: [try WorkflowDefinition(key: "fanout", json: ["name": "Fan-out", "steps": [Steps.inApp(body: "Hi {{ recipient.name }}")]])])
        let before = writes.commits
        let reply = try runtime.trigger(workflowKey: "fanout", body: ["recipients": .array((0..<1000).map { .string("u\($0)") })])
        runtime.drain()
        #expect((2...12).contains(writes.commits - before))
        var q = MessageQuery()
        q.workflowRunID = reply.workflowRunID
        #expect(runtime.messageRecords(q).count == 1000)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("knocksh-limit-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        #expect(StoreWriteBuffer(store: try Store(path: path)).limit == 4_096)
    }

    /// Triggers queued while the executor is busy run together (one drain, one transaction) but
    /// still in arrival order, and a read right after the last one sees all of them.
    @Test func queuedTriggersRunInArrivalOrderAndAreAllVisibleToTheNextRead() throws {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        let env = try engine.environments.create(name: "queued")
        _ = try engine.identifyUser(env, id: "u1", body: ["name": "Ada"])
        let writes = StoreWriteBuffer(store: engine.store)
        let runtime = Self.sqliteRuntime(engine, env, writes: writes)
        runtime.load(workflows: [try WorkflowDefinition(key: "one", json: ["name": "One", "steps": [Steps.inApp(body: "n = {{ data.n }}")]])])
        // Hold the executor so the triggers queue (on an idle one each would run as it is answered).
        let hold = DispatchSemaphore(value: 0), holding = DispatchSemaphore(value: 0)
        runtime.enqueue { holding.signal(); hold.wait() }
        holding.wait()
        var runIDs: [String] = []
        for n in 0..<300 {
            runIDs.append(try runtime.trigger(workflowKey: "one", body: ["recipients": ["u1"], "data": ["n": .int(n)]]).workflowRunID)
        }
        hold.signal()
        var q = MessageQuery()
        q.recipient = .user("u1")
        let newestFirst = runtime.messageRecords(q)
        #expect(newestFirst.count == 300)
        #expect(newestFirst.reversed().map(\.workflowRunID) == runIDs)
        #expect(newestFirst.reversed().map { $0.data["n"]?.intValue ?? -1 } == Array(0..<300))
        #expect(writes.commits <= 300)
    }

    /// A job that writes messages and pauses runs commits both, and the runs' saved state, in
    /// one transaction: a crash cannot leave saved state ahead of the messages.
    @Test func aJobThatPausesRunsAndWritesMessagesCommitsOnce() throws {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        let env = try engine.environments.create(name: "pause")
        for i in 0..<20 { _ = try engine.identifyUser(env, id: "u\(i)", body: ["name": .string("User \(i)")]) }
        let writes = StoreWriteBuffer(store: engine.store)
        let state = SQLiteRuntimeStateStore(store: engine.store, environment: env, writes: writes)
        let runtime = Self.sqliteRuntime(engine, env, writes: writes, stateStore: state)
        runtime.load(workflows: [try WorkflowDefinition(key: "remind", json: ["name": "Remind", "steps": [Steps.inApp(body: "Hi {{ recipient.name }}"), Steps.delay(minutes: 10), Steps.inApp("in_app_feed_2", body: "Again")]])])
        let before = writes.commits
        let reply = try runtime.trigger(workflowKey: "remind", body: ["recipients": .array((0..<20).map { .string("u\($0)") })])
        runtime.drain()
        #expect(writes.commits - before == 1)

        var q = MessageQuery()
        q.workflowRunID = reply.workflowRunID
        #expect(runtime.messageRecords(q).count == 20)
        let saved = state.load()
        #expect(saved[.run]?.count == 20)
        #expect(saved[.clock]?["clock"] != nil)

        // The state store's writes are the buffer's: not in the database until the batch commits
        // (they used to commit on their own, ahead of the job's messages and runs).
        func storedMarks() throws -> Int {
            try engine.store.read { db throws(StoreError) in
                try db.first("SELECT count(*) FROM runtime_state WHERE kind = 'frequency'") { Int($0.int(0)) } ?? 0
            }
        }
        let commits = writes.commits
        let duringBatch = try writes.batching { () throws -> Int in
            state.apply([.put(.frequency, "remind\nu1", true)])
            return try storedMarks()
        }
        #expect(duringBatch == 0)
        #expect(try storedMarks() == 1)
        #expect(writes.commits - commits == 1)
    }

    @Test func aRefusedWriteIsDroppedAloneAndOutsideABatchEachWriteCommits() throws {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        let writes = StoreWriteBuffer(store: engine.store)
        try engine.store.write { db throws(StoreError) in try db.execute("CREATE TABLE t(k TEXT PRIMARY KEY)") }
        func insert(_ k: String) { writes.write { db throws(StoreError) in try db.run("INSERT INTO t VALUES(?)", [.text(k)]) } }
        func keys() throws -> [String] { try engine.store.read { db throws(StoreError) in try db.query("SELECT k FROM t ORDER BY k") { $0.text(0) } } }
        writes.batching {
            insert("a")
            insert("a")   // primary key conflict: only this write is undone
            insert("b")
        }
        #expect(try keys() == ["a", "b"])
        #expect(writes.commits == 1)
        insert("c")
        insert("d")
        #expect(writes.commits == 3)
        #expect(try keys() == ["a", "b", "c", "d"])
    }

    /// A one-statement write has no savepoint of its own: a refused one is still undone alone
    /// (SQLite rolls back the failed statement), among savepointed multi-statement writes.
    @Test func aRefusedOneStatementWriteIsDroppedAloneWithoutASavepoint() throws {
        let engine = try Engine(configuration: .init(processBulkOperations: false))
        let writes = StoreWriteBuffer(store: engine.store)
        try engine.store.write { db throws(StoreError) in try db.execute("CREATE TABLE t(k TEXT PRIMARY KEY)") }
        func insert(_ k: String) {
            writes.write(oneStatement: true) { db throws(StoreError) in try db.run("INSERT INTO t VALUES(?)", [.text(k)]) }
        }
        func keys() throws -> [String] { try engine.store.read { db throws(StoreError) in try db.query("SELECT k FROM t ORDER BY k") { $0.text(0) } } }
        writes.batching {
            insert("a")
            // Two statements, the second refused: the savepoint takes "x" back too.
            writes.write { db throws(StoreError) in
                try db.run("INSERT INTO t VALUES('x')")
                try db.run("INSERT INTO t VALUES('a')")
            }
            insert("a")   // refused alone
            insert("b")
        }
        #expect(try keys() == ["a", "b"])
        #expect(writes.commits == 1)
    }
}
