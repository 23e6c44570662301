import Foundation
import KnockCore

/// Where workflow recipient runs are kept for `GET /v1/workflow_recipient_runs` once they pause or
/// end, so the list and the details survive a restart with `--db`. The run loop writes a run at
/// each of those points; the executor is idle only between them, so reads see every run current.
///
/// Only the reported state is stored here; what a paused run needs to resume after a restart
/// (cursor, refs, batch, timer) is in `runtime_state` (`RuntimePersistence`).
///
/// ```swift
/// let runs = SQLiteRunStore(store: engine.store, environment: env)
/// runs.save(run)
/// runs.run(id: run.id)?["status"]   // "completed"
/// ```
public protocol RunStore: AnyObject, Sendable {
    func save(_ run: RecipientRun)
    /// Adds an event to a stored run that is no longer in memory (a cancel withdrew a message it
    /// held for a send window after the run finished).
    func append(event: JSON, toRun id: String, at now: Date)
    /// `WorkflowRecipientRun`s matching `query`, newest first.
    func runs(_ query: RecipientRunQuery, page: PageRequest) -> Page<JSON>
    /// `WorkflowRecipientRunDetail`.
    func run(id: String) -> JSON?
}

/// `RunStore` over the engine's SQLite database (`workflow_recipient_runs`).
public final class SQLiteRunStore: RunStore, @unchecked Sendable {
    private let store: Store
    private let env: Int64
    /// Shared with the environment's message store, so a job's run rows join its transaction.
    private let writes: StoreWriteBuffer

    public init(store: Store, environment: Environment, writes: StoreWriteBuffer? = nil) {
        self.store = store
        self.env = environment.rowID
        self.writes = writes ?? StoreWriteBuffer(store: store)
    }

    public func save(_ run: RecipientRun) {
        let r = run.recipient
        // Serialized now: the run changes after this call, and the write may be queued.
        let values: [SQLValue] = [.int(env), .text(run.id), .text(run.workflow.key), .text(run.workflowRunID), .text(run.status.rawValue),
                                  .text(r.collection ?? RecipientKey.usersCollection), .text(r.id), .optionalText(run.tenant), .int(run.errorCount),
                                  .int(SQLiteMessageStore.micros(run.insertedAt)), .utf8(run.detailBytes)]
        writes.write(oneStatement: true) { db throws(StoreError) in
            try db.run("""
                INSERT INTO workflow_recipient_runs(env, id, workflow, workflow_run_id, status, recipient_collection, recipient_id,
                    tenant, error_count, inserted_at, doc)
                VALUES(?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT(env, id) DO UPDATE SET status = excluded.status, error_count = excluded.error_count, doc = excluded.doc
                """, values)
        }
    }

    public func append(event: JSON, toRun id: String, at now: Date) {
        let env = self.env
        let updatedAt = JSON.string(ProviderTimestamp.string(now))
        // Read inside the queued write: the run's own row may still be waiting in the same buffer.
        writes.write { db throws(StoreError) in
            let doc = try db.first("SELECT doc FROM workflow_recipient_runs WHERE env = ? AND id = ?", [.int(env), .text(id)]) { $0.text(0) }
            guard let doc, case .object(var o)? = try? JSON.parse(doc) else { return }
            o["events"] = .array((o["events"]?.arrayValue ?? []) + [event])
            o["updated_at"] = updatedAt
            try db.run("UPDATE workflow_recipient_runs SET doc = ? WHERE env = ? AND id = ?",
                       [.text(JSON.object(o).serialized()), .int(env), .text(id)])
        }
    }

    public func runs(_ q: RecipientRunQuery, page: PageRequest) -> Page<JSON> {
        var parts = ["env = ?"]
        var args: [SQLValue] = [.int(env)]
        if let w = q.workflow { parts.append("workflow = ?"); args.append(.text(w)) }
        if !q.statuses.isEmpty {
            parts.append("status IN (\(q.statuses.map { _ in "?" }.joined(separator: ",")))")
            args += q.statuses.map(SQLValue.text)
        }
        if let t = q.tenant { parts.append("tenant = ?"); args.append(.text(t)) }
        if let e = q.hasErrors { parts.append(e ? "error_count > 0" : "error_count = 0") }
        if let r = q.recipient {
            parts.append("recipient_collection = ? AND recipient_id = ?")
            args += [.text(r.collection ?? RecipientKey.usersCollection), .text(r.id)]
        }
        if let id = q.workflowRunID { parts.append("workflow_run_id = ?"); args.append(.text(id)) }
        if let s = q.startingAt { parts.append("inserted_at >= ?"); args.append(.int(SQLiteMessageStore.micros(s))) }
        if let e = q.endingAt { parts.append("inserted_at <= ?"); args.append(.int(SQLiteMessageStore.micros(e))) }
        let keyset = Keyset(table: "workflow_recipient_runs", filter: parts.joined(separator: " AND "), arguments: args, descending: true)
        writes.flush()
        do {
            return try store.read { db throws(StoreError) in
                try keyset.page(db, columns: "doc", request: page) { row in Self.summary(row.text(1)) }
            }
        } catch {
            return Page(entries: [], after: nil, before: nil, pageSize: page.pageSize)
        }
    }

    public func run(id: String) -> JSON? {
        writes.flush()
        return try? store.read { db throws(StoreError) in
            try db.first("SELECT doc FROM workflow_recipient_runs WHERE env = ? AND id = ?", [.int(env), .text(id.lowercased())]) { try? JSON.parse($0.text(0)) } ?? nil
        }
    }

    /// The list shows runs without their events.
    static func summary(_ doc: String) -> JSON {
        guard case .object(var o)? = try? JSON.parse(doc) else { return .null }
        o.removeValue(forKey: "events")
        return .object(o)
    }
}
