import Foundation
import KnockCore

/// The engine's `MessageStore`: one environment's messages, contents, events, delivery logs,
/// activities and outbox in the shared SQLite database, so `knocksh serve --db FILE` keeps them
/// across restarts.
///
/// Lists scan an index that starts with `env` and the indexed filters (recipient, channel, run)
/// and ends with `seq`, newest first; the filters SQL does not express (trigger data, engagement,
/// categories, dates) are checked on the decoded rows, reading in chunks until the page is full.
///
/// ```swift
/// let store = SQLiteMessageStore(store: engine.store, environment: env)
/// store.insert(record, contents: contents, logs: [], events: [])
/// store.messages(query, page: PageRequest(pageSize: 10)).entries.first?.record.id
/// ```
public final class SQLiteMessageStore: MessageStore, @unchecked Sendable {
    private let store: Store
    private let env: Int64
    /// Queues writes during a runtime job (`batchingWrites`); shared with the run store.
    let writes: StoreWriteBuffer

    public init(store: Store, environment: Environment, writes: StoreWriteBuffer? = nil) {
        self.store = store
        self.env = environment.rowID
        self.writes = writes ?? StoreWriteBuffer(store: store)
    }

    public func batchingWrites<T>(inBackground: Bool, _ body: () throws -> T) rethrows -> T {
        try writes.batching(inBackground: inBackground, body)
    }

    // MARK: Writes

    public func insert(_ message: MessageRecord, contents: JSON?, logs: [JSON], events: [MessageEventRecord]) {
        // Values are computed here, not when a batch is committed: the store lock is held only for SQL.
        let r = message.recipient
        let values: [SQLValue] = [.int(env), .text(message.id), .text(r.collection ?? RecipientKey.usersCollection), .text(r.id),
             .text(message.channel.idText), .text(message.workflowKey), .optionalText(message.tenant),
             .text(message.status.rawValue), .text(message.workflowRunID), .text(message.workflowRecipientRunID),
             .int(Self.micros(message.insertedAt))] + Self.engagementValues(message)
            + [.utf8(message.storageBytes), contents.map { .utf8($0.serializedBytes()) } ?? .null]
        let children = childRows(message.id, logs: logs, events: events)
        // The feed badge counts of a new message (`message_counts`), added here rather than by a
        // trigger: a trigger program per insert was ~8 % of a fan-out's CPU.
        let unarchived = message.engagement["archived"] == nil
        let counts: [SQLValue] = [.int(env), values[2], values[3], values[4], .int(unarchived ? 1 : 0),
                                  .int(unarchived && message.engagement["read"] == nil ? 1 : 0),
                                  .int(unarchived && message.engagement["seen"] == nil ? 1 : 0)]
        let replacement: [SQLValue] = [values[7], values[values.count - 2], values[values.count - 1], .int(env), values[1]]
        write { db throws(StoreError) in
            let inserted = try db.run("""
                INSERT INTO messages(env, id, recipient_collection, recipient_id, channel_id, workflow, tenant, status,
                    workflow_run_id, workflow_recipient_run_id, inserted_at,
                    seen_at, read_at, interacted_at, link_clicked_at, archived_at, doc, contents)
                VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT(env, id) DO NOTHING
                """, values)
            if inserted > 0 {
                try db.run("""
                    INSERT INTO message_counts VALUES(?,?,?,?,?,?,?)
                    ON CONFLICT DO UPDATE SET total = total + excluded.total, unread = unread + excluded.unread, unseen = unseen + excluded.unseen
                    """, counts)
            } else {
                // The id exists: keep its row (and counts), take the new status, document and contents.
                try db.run("UPDATE messages SET status = ?, doc = ?, contents = coalesce(?, contents) WHERE env = ? AND id = ?", replacement)
            }
            try Self.append(db, children)
        }
    }

    public func update(_ message: MessageRecord, logs: [JSON], events: [MessageEventRecord]) {
        let values: [SQLValue] = [.text(message.status.rawValue), .optionalText(message.tenant)] + Self.engagementValues(message)
            + [.utf8(message.storageBytes), .int(env), .text(message.id)]
        let children = childRows(message.id, logs: logs, events: events)
        write { db throws(StoreError) in
            let changed = try db.run("""
                UPDATE messages SET status = ?, tenant = ?, seen_at = ?, read_at = ?, interacted_at = ?, link_clicked_at = ?, archived_at = ?, doc = ?
                WHERE env = ? AND id = ?
                """, values)
            if changed > 0 { try Self.append(db, children) }
        }
    }

    /// A message's delivery log and event rows: (table, values).
    private func childRows(_ id: String, logs: [JSON], events: [MessageEventRecord]) -> [(String, [SQLValue])] {
        logs.map { ("message_delivery_logs", [.int(env), .text(id), .utf8($0.serializedBytes())]) }
            + events.map { ("message_events", [.int(env), .text(id), .utf8($0.storageBytes)]) }
    }

    private static func append(_ db: Database, _ rows: [(String, [SQLValue])]) throws(StoreError) {
        for (table, values) in rows {
            // The table name comes from childRows' two literals only.
            try db.run("INSERT INTO \(table)(env, message_id, doc) VALUES(?,?,?)", values)
        }
    }

    public func delete(messageIDs: [String]) {
        let env = self.env
        write { db throws(StoreError) in
            for id in messageIDs {
                for table in ["messages"] { try db.run("DELETE FROM \(table) WHERE env = ? AND id = ?", [.int(env), .text(id)]) }
                for table in ["message_events", "message_delivery_logs", "outbox"] {
                    try db.run("DELETE FROM \(table) WHERE env = ? AND message_id = ?", [.int(env), .text(id)])
                }
            }
        }
    }

    public func addActivity(_ activity: ActivityRecord) {
        let values: [SQLValue] = [.int(env), .text(activity.id), .utf8(activity.storageBytes)]
        write(oneStatement: true) { db throws(StoreError) in
            try db.run("INSERT OR REPLACE INTO message_activities(env, id, doc) VALUES(?,?,?)", values)
        }
    }

    public func upsertOutbox(_ entry: OutboxEntry) {
        let values: [SQLValue] = [.int(env), .text(entry.messageID), .utf8(entry.storageBytes)]
        write(oneStatement: true) { db throws(StoreError) in
            // Upsert keeps the row (and so its place in the list) of the first attempt.
            try db.run("INSERT INTO outbox(env, message_id, doc) VALUES(?,?,?) ON CONFLICT(env, message_id) DO UPDATE SET doc = excluded.doc", values)
        }
    }

    // MARK: Reads

    public func message(id: String) -> MessageRecord? {
        read { db throws(StoreError) in
            try db.first("SELECT doc FROM messages WHERE env = ? AND id = ?", [.int(env), .text(id)]) { Self.record($0.text(0)) } ?? nil
        } ?? nil
    }

    public func contents(messageID: String) -> JSON? {
        read { db throws(StoreError) in
            try db.first("SELECT contents FROM messages WHERE env = ? AND id = ?", [.int(env), .text(messageID)]) { row in
                row.optionalText(0).flatMap { try? JSON.parse($0) }
            } ?? nil
        } ?? nil
    }

    public func deliveryLogs(messageID: String) -> [JSON] {
        read { db throws(StoreError) in
            try db.query("SELECT doc FROM message_delivery_logs WHERE env = ? AND message_id = ? ORDER BY seq", [.int(env), .text(messageID)]) {
                (try? JSON.parse($0.text(0))) ?? .null
            }
        } ?? []
    }

    public func events(messageID: String) -> [MessageEventRecord] {
        read { db throws(StoreError) in
            try db.query("SELECT doc FROM message_events WHERE env = ? AND message_id = ? ORDER BY seq", [.int(env), .text(messageID)]) {
                (try? JSON.parse($0.text(0))).flatMap(MessageEventRecord.init(storage:))
            }.compactMap { $0 }
        } ?? []
    }

    public func activity(id: String) -> ActivityRecord? {
        read { db throws(StoreError) in
            try db.first("SELECT doc FROM message_activities WHERE env = ? AND id = ?", [.int(env), .text(id)]) {
                (try? JSON.parse($0.text(0))).flatMap(ActivityRecord.init(storage:))
            } ?? nil
        } ?? nil
    }

    /// One query for many ids: the ids go in as one JSON array (`json_each`), so the statement
    /// text, and its cached plan, is the same whatever the count.
    public func contents(messageIDs: [String]) -> [String: JSON] {
        guard !messageIDs.isEmpty else { return [:] }
        let rows = read { db throws(StoreError) in
            try db.query("SELECT id, contents FROM messages WHERE env = ? AND id IN (SELECT value FROM json_each(?))",
                         [.int(env), .text(JSON.array(messageIDs.map(JSON.string)).serialized())]) { row in
                (row.text(0), row.optionalText(1).flatMap { try? JSON.parse($0) })
            }
        } ?? []
        var out: [String: JSON] = [:]
        for (id, contents) in rows { out[id] = contents }
        return out
    }

    public func activities(ids: [String]) -> [String: ActivityRecord] {
        guard !ids.isEmpty else { return [:] }
        let rows = read { db throws(StoreError) in
            try db.query("SELECT doc FROM message_activities WHERE env = ? AND id IN (SELECT value FROM json_each(?))",
                         [.int(env), .text(JSON.array(ids.map(JSON.string)).serialized())]) {
                (try? JSON.parse($0.text(0))).flatMap(ActivityRecord.init(storage:))
            }
        } ?? []
        var out: [String: ActivityRecord] = [:]
        for case let a? in rows { out[a.id] = a }
        return out
    }

    public func outbox() -> [OutboxEntry] {
        read { db throws(StoreError) in
            try db.query("SELECT doc FROM outbox WHERE env = ? ORDER BY seq", [.int(env)]) {
                (try? JSON.parse($0.text(0))).flatMap(OutboxEntry.init(storage:))
            }.compactMap { $0 }
        } ?? []
    }

    public func engagementCounts(_ query: MessageQuery) -> EngagementCounts {
        if let key = Self.countsKey(query) {
            // A feed's badge with no filter beyond recipient and channel: the maintained counts (Schema, `message_counts`).
            let row = read { db throws(StoreError) in
                try db.first("SELECT total, unread, unseen FROM message_counts WHERE env = ? AND recipient_collection = ? AND recipient_id = ? AND channel_id = ?",
                             [.int(env), .text(key.collection), .text(key.id), .text(key.channel)]) {
                    EngagementCounts(total: Int($0.int(0)), unread: Int($0.int(1)), unseen: Int($0.int(2)))
                }
            }
            if let row { return row ?? EngagementCounts(total: 0, unread: 0, unseen: 0) }
        }
        let (filter, arguments, complete) = sqlFilter(query)
        guard complete else { return EngagementCounts(allMessages(query)) }
        // Every filter is in SQL: count without decoding a row.
        let sql = "SELECT count(*), sum(read_at IS NULL), sum(seen_at IS NULL) FROM messages WHERE \(filter)"
        return read { db throws(StoreError) in
            try db.first(sql, arguments) { EngagementCounts(total: Int($0.int(0)), unread: Int($0.int(1)), unseen: Int($0.int(2))) }
        }.flatMap { $0 } ?? EngagementCounts(total: 0, unread: 0, unseen: 0)
    }

    public func allMessages(_ query: MessageQuery) -> [MessageRecord] {
        scan(query, from: nil, newestFirst: true, limit: .max).map(\.record)
    }

    public func messages(_ query: MessageQuery, page: PageRequest) -> Page<StoredMessage> {
        let size = page.pageSize
        if let before = page.before, page.after == nil {
            // Walk towards newer rows from the cursor, then show them newest first.
            let found = scan(query, from: before.seq, newestFirst: false, limit: size + 1)
            let rows = Array(found.prefix(size).reversed())
            guard let first = rows.first, let last = rows.last else { return Page(entries: [], after: nil, before: nil, pageSize: size) }
            let hasAfter = !scan(query, from: last.seq, newestFirst: true, limit: 1).isEmpty
            return Page(entries: rows, after: hasAfter ? Cursor(seq: last.seq) : nil, before: found.count > size ? Cursor(seq: first.seq) : nil, pageSize: size)
        }
        let found = scan(query, from: page.after?.seq, newestFirst: true, limit: size + 1)
        let rows = Array(found.prefix(size))
        guard let first = rows.first, let last = rows.last else { return Page(entries: [], after: nil, before: nil, pageSize: size) }
        let hasBefore = page.after != nil && !scan(query, from: first.seq, newestFirst: false, limit: 1).isEmpty
        return Page(entries: rows, after: found.count > size ? Cursor(seq: last.seq) : nil, before: hasBefore ? Cursor(seq: first.seq) : nil, pageSize: size)
    }

    /// Up to `limit` matches past `from` (exclusive) in one direction. The SQL narrows by the indexed
    /// columns; `query.matches` decides the rest, so chunks are read until enough rows match.
    private func scan(_ query: MessageQuery, from: Int64?, newestFirst: Bool, limit: Int) -> [StoredMessage] {
        let (filter, arguments, complete) = sqlFilter(query)
        // When SQL holds every filter, each row read is a match; otherwise read ahead for the Swift check.
        let chunk = limit == .max ? 500 : (complete ? limit : max(limit * 2, 20))
        var out: [StoredMessage] = []
        var position = from
        while out.count < limit {
            var sql = "SELECT seq, doc FROM messages WHERE \(filter)"
            var args = arguments
            if let position {
                sql += newestFirst ? " AND seq < ?" : " AND seq > ?"
                args.append(.int(position))
            }
            sql += " ORDER BY seq \(newestFirst ? "DESC" : "ASC") LIMIT \(chunk)"
            let rows: [(Int64, MessageRecord?)] = read { db throws(StoreError) in
                try db.query(sql, args) { ($0.int(0), Self.record($0.text(1))) }
            } ?? []
            for (seq, record) in rows {
                if let record, query.matches(record) { out.append(StoredMessage(seq: seq, record: record)) }
                if out.count == limit { break }
            }
            guard rows.count == chunk, let last = rows.last else { break }
            position = last.0
        }
        return out
    }

    /// `query` as SQL over the row columns, and whether that is all of it (`complete`); rows are
    /// re-checked with `query.matches` either way. Trigger data, categories and channel keys are Swift-only.
    private func sqlFilter(_ q: MessageQuery) -> (String, [SQLValue], complete: Bool) {
        var parts = ["env = ?"]
        var args: [SQLValue] = [.int(env)]
        var complete = q.triggerData == nil && q.workflowCategories.isEmpty
        func any(_ column: String, _ values: [String]) {
            parts.append("\(column) IN (\(values.map { _ in "?" }.joined(separator: ",")))")
            args += values.map(SQLValue.text)
        }
        if let r = q.recipient {
            parts.append("recipient_collection = ? AND recipient_id = ?")
            args += [.text(r.collection ?? RecipientKey.usersCollection), .text(r.id)]
        }
        if let c = q.channelID {
            if UUIDText.parse(c) != nil {
                parts.append("channel_id = ?")
                args.append(.text(c.lowercased()))
            } else {
                complete = false  // a channel key, the local convenience
            }
        }
        if let run = q.workflowRunID { parts.append("workflow_run_id = ?"); args.append(.text(run)) }
        if let run = q.workflowRecipientRunID { parts.append("workflow_recipient_run_id = ?"); args.append(.text(run)) }
        if let source = q.source { parts.append("workflow = ?"); args.append(.text(source)) }
        if !q.sources.isEmpty { any("workflow", q.sources) }
        if !q.statuses.isEmpty { any("status", q.statuses) }
        if !q.messageIDs.isEmpty { any("id", q.messageIDs) }
        if !q.recipientIDs.isEmpty { any("recipient_id", q.recipientIDs) }
        if !q.tenants.isEmpty { any("tenant", q.tenants) }
        if let tenant = q.tenant {
            parts.append(q.tenantIncludesUntenanted ? "(tenant = ? OR tenant IS NULL)" : "tenant = ?")
            args.append(.text(tenant))
        }
        if let has = q.hasTenant { parts.append(has ? "tenant IS NOT NULL" : "tenant IS NULL") }
        switch q.archived {
        case .include: break
        case .exclude: parts.append("archived_at IS NULL")
        case .only: parts.append("archived_at IS NOT NULL")
        }
        if !q.engagementStatuses.isEmpty {
            // Column names come from this fixed list only, never from the query's text.
            let columns = ["seen": "seen_at", "read": "read_at", "interacted": "interacted_at", "link_clicked": "link_clicked_at", "archived": "archived_at"]
            var any: [String] = []
            for name in q.engagementStatuses {
                let negated = name.hasPrefix("un") && columns[String(name.dropFirst(2))] != nil
                guard let column = columns[negated ? String(name.dropFirst(2)) : name] else { complete = false; any = []; break }
                any.append("\(column) IS \(negated ? "" : "NOT ")NULL")
            }
            if !any.isEmpty { parts.append("(\(any.joined(separator: " OR ")))") }
        }
        for (op, date) in [(">", q.insertedAfter), (">=", q.insertedAtOrAfter), ("<", q.insertedBefore), ("<=", q.insertedAtOrBefore)] {
            if let date { parts.append("inserted_at \(op) ?"); args.append(.int(Self.micros(date))) }
        }
        return (parts.joined(separator: " AND "), args, complete)
    }

    /// The `message_counts` row that answers `query`: when it asks for unarchived messages of one
    /// recipient in one channel (by UUID) and nothing else.
    static func countsKey(_ q: MessageQuery) -> (collection: String, id: String, channel: String)? {
        guard let r = q.recipient, let channel = q.channelID, UUIDText.parse(channel) != nil, q.archived == .exclude else { return nil }
        var plain = MessageQuery()
        plain.recipient = r
        plain.channelID = channel
        plain.archived = .exclude
        guard q == plain else { return nil }
        return (r.collection ?? RecipientKey.usersCollection, r.id, channel.lowercased())
    }

    /// `seen_at, read_at, interacted_at, link_clicked_at, archived_at` column values.
    static func engagementValues(_ m: MessageRecord) -> [SQLValue] {
        ["seen", "read", "interacted", "link_clicked", "archived"].map { m.engagement[$0].map { .int(micros($0)) } ?? .null }
    }

    static func record(_ doc: String) -> MessageRecord? { MessageRecord(storageText: doc) }
    static func micros(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1_000_000).rounded()) }

    // MARK: Storage access

    /// Through the write buffer: queued during a runtime job, else its own transaction. Storage
    /// faults are not the caller's to handle (the runtime has no error path for them); they are
    /// reported and the write dropped.
    private func write(oneStatement: Bool = false, _ body: @escaping StoreWriteBuffer.Write) { writes.write(oneStatement: oneStatement, body) }

    /// Commits queued writes first, so a read sees every write made before it.
    private func read<T>(_ body: (Database) throws(StoreError) -> T) -> T? {
        writes.flush()
        do { return try store.read(body) } catch {
            FileHandle.standardError.write(Data("knocksh: message store read failed: \(error)\n".utf8))
            return nil
        }
    }
}
