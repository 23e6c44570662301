import KnockCore
import OrderedCollections

/// Bulk operations (semantics §6.3), processed asynchronously for real: the POST stores the work
/// and answers `queued`; `BulkWorker` moves it to `processing`, applies it in chunks (one
/// transaction each, one savepoint per row so a bad row costs only itself) and ends `completed`
/// (or `failed` when no row succeeded), with counts and `error_items`.
///
/// ```swift
/// let op = try engine.enqueueBulk(env, .usersIdentify, items: [["id": "u1", "name": "A"]])
/// op["status"]                                   // "queued"
/// try engine.getBulkOperation(env, id: op["id"]!.stringValue!)["status"]   // later: "completed"
/// ```
extension Engine {
    public enum BulkKind: String, Sendable {
        case usersIdentify = "users.identify"
        case usersDelete = "users.delete"
        case usersPreferences = "users.preferences"
        case objectsSet = "objects.set"
        case objectsDelete = "objects.delete"
        case subscriptionsAdd = "subscriptions.add"
        case subscriptionsDelete = "subscriptions.delete"
        case tenantsSet = "tenants.set"
        case tenantsDelete = "tenants.delete"
        /// A channel's messages changed in bulk (`Messages/BulkChannelStatus.swift`).
        case channelMessages = "channel.messages.bulk_update"
    }

    public static let bulkLimit = 1000
    static let bulkChunk = 100

    /// Queues `items` (their shape is checked per row when processed). `context` carries what all
    /// rows share: the collection, a preference set.
    public func enqueueBulk(_ env: Environment, _ kind: BulkKind, items: [JSON], context: JSONObject = [:], limit: Int? = Engine.bulkLimit) throws(EngineError) -> JSON {
        if let limit, items.count > limit { throw .invalid("items", "must have at most \(Engine.bulkLimit) entries") }
        let id = Identifiers.uuid()
        let now = self.now(env)
        let doc: JSONObject = [
            "name": .string(kind.rawValue), "estimated_total_rows": .int(items.count), "processed_rows": 0,
            "success_count": 0, "error_count": 0, "error_items": [],
            "inserted_at": .string(now.iso8601), "started_at": nil, "completed_at": nil, "failed_at": nil,
        ]
        let work: JSON = ["kind": .string(kind.rawValue), "items": .array(items), "context": .object(context)]
        try storing {
            try store.write { db in
                try db.run("INSERT INTO bulk_operations(env, id, status, doc, work, updated_at) VALUES(?,?,?,?,?,?)",
                           [.int(env.rowID), .text(id), "queued", .text(JSON.object(doc).serialized()), .text(work.serialized()), .int(now.microseconds)])
            }
        }
        bulkWorker.wake()
        return BulkRows.render(id: id, status: "queued", doc: doc, updatedAt: now.microseconds, baseURL: baseURL)
    }

    public func getBulkOperation(_ env: Environment, id: String) throws(EngineError) -> JSON {
        let found = try storing {
            try store.read { db in
                try db.first("SELECT status, doc, updated_at FROM bulk_operations WHERE env = ? AND id = ?", [.int(env.rowID), .text(id)]) { row in
                    BulkRows.render(id: id, status: row.text(0), doc: (try? JSON.parse(row.text(1)))?.objectValue ?? [:], updatedAt: row.int(2), baseURL: baseURL)
                }
            }
        }
        guard let found else { throw .notFound("bulk operation", id: id) }
        return found
    }

    /// Processes every queued operation, oldest first. Called by `BulkWorker`; safe to call directly.
    public func runQueuedBulkOperations() {
        while let next = try? store.read({ db in
            try db.first("SELECT seq, env, id, doc, work FROM bulk_operations WHERE status IN ('queued', 'processing') ORDER BY seq LIMIT 1") { row in
                (row.int(0), row.int(1), row.text(2), row.text(3), row.text(4))
            }
        }), let (seq, envRow, id, docText, workText) = Optional(next) {
            guard let env = environments.all.first(where: { $0.rowID == envRow }) else {
                _ = try? store.write { db in try db.run("UPDATE bulk_operations SET status = 'failed' WHERE seq = ?", [.int(seq)]) }
                continue
            }
            process(env, seq: seq, id: id, doc: (try? JSON.parse(docText))?.objectValue ?? [:], work: (try? JSON.parse(workText)) ?? [:])
        }
    }

    private func process(_ env: Environment, seq: Int64, id: String, doc: JSONObject, work: JSON) {
        var doc = doc
        let items = work["items"]?.arrayValue ?? []
        let context = work["context"]?.objectValue ?? [:]
        let kind = work["kind"]?.stringValue.flatMap(BulkKind.init(rawValue:))
        var processed = doc["processed_rows"]?.intValue ?? 0
        var successes = doc["success_count"]?.intValue ?? 0
        var errors = doc["error_count"]?.intValue ?? 0
        var errorItems = doc["error_items"]?.arrayValue ?? []
        if doc["started_at"] == nil || doc["started_at"] == .null { doc["started_at"] = .string(now(env).iso8601) }
        save(seq, "processing", doc)
        while processed < items.count {
            let chunk = items[processed..<min(items.count, processed + Engine.bulkChunk)]
            let now = self.now(env)
            if kind == .channelMessages {
                // Messages live with the workflow runtime, which takes the store lock itself: apply outside a transaction.
                let ids = chunk.compactMap(\.stringValue)
                let found = applyChannelBulk(env, ids: ids, action: context["action"]?.stringValue ?? "")
                successes += found
                errors += chunk.count - found
                processed += chunk.count
                doc["processed_rows"] = .int(processed)
                doc["success_count"] = .int(successes)
                doc["error_count"] = .int(errors)
                save(seq, "processing", doc)
                continue
            }
            _ = try? store.write { db throws in
                for item in chunk {
                    try db.execute("SAVEPOINT bulk_item")
                    do {
                        guard let kind else { throw EngineError.invalid("kind", "is unknown") }
                        try applyBulkItem(db, env, kind, item, context: context, now: now)
                        try db.execute("RELEASE bulk_item")
                        successes += 1
                    } catch {
                        try db.execute("ROLLBACK TO bulk_item")
                        try db.execute("RELEASE bulk_item")
                        errors += 1
                        errorItems.append(BulkRows.errorItem(item, context: context))
                    }
                }
            }
            processed += chunk.count
            doc["processed_rows"] = .int(processed)
            doc["success_count"] = .int(successes)
            doc["error_count"] = .int(errors)
            doc["error_items"] = .array(errorItems)
            save(seq, "processing", doc)
        }
        let failed = successes == 0 && !items.isEmpty
        doc[failed ? "failed_at" : "completed_at"] = .string(now(env).iso8601)
        save(seq, failed ? "failed" : "completed", doc)
    }

    private func save(_ seq: Int64, _ status: String, _ doc: JSONObject) {
        _ = try? store.write { db in
            try db.run("UPDATE bulk_operations SET status = ?, doc = ?, updated_at = ? WHERE seq = ?",
                       [.text(status), .text(JSON.object(doc).serialized()), .int(Timestamp.now().microseconds), .int(seq)])
        }
    }

    private func applyBulkItem(_ db: Database, _ env: Environment, _ kind: BulkKind, _ item: JSON, context: JSONObject, now: Timestamp) throws {
        let collection = context["collection"]?.stringValue ?? ""
        switch kind {
        case .usersIdentify:
            guard case .object(var o) = item, case .string(let id)? = o.removeValue(forKey: "id") else { throw EngineError.invalid("id", "is required") }
            _ = try UserRows.identify(db, self, env, id: id, body: o, now: now)
        case .usersDelete:
            guard case .string(let id) = item, try UserRows.delete(db, env, id) else { throw EngineError.notFound("user") }
        case .usersPreferences:
            guard case .string(let id) = item else { throw EngineError.invalid("user_ids", "must be strings") }
            try ensureRecipient(db, env, .user(id), properties: nil, now: now)
            var set = context["preferences"]?.objectValue ?? [:]
            let setID = set.removeValue(forKey: "id")?.stringValue ?? "default"
            _ = try PreferenceRows.set(db, env, .user(id), setID, set, merge: false, now: now)
        case .objectsSet, .tenantsSet:
            let target = kind == .tenantsSet ? RecipientKey.tenantsCollection : collection
            var o: JSONObject
            switch item {
            case .string(let id): o = ["id": .string(id)]
            case .object(let obj): o = obj
            default: throw EngineError.invalid("id", "is required")
            }
            guard case .string(let id)? = o.removeValue(forKey: "id") else { throw EngineError.invalid("id", "is required") }
            _ = try ObjectRows.set(db, self, env, collection: target, id: id, body: o, now: now)
        case .objectsDelete, .tenantsDelete:
            let target = kind == .tenantsDelete ? RecipientKey.tenantsCollection : collection
            guard case .string(let id) = item, try ObjectRows.delete(db, env, target, id) else { throw EngineError.notFound("object") }
        case .channelMessages:
            throw EngineError.invalid("kind", "is applied outside a transaction")
        case .subscriptionsAdd, .subscriptionsDelete:
            guard case .object(let o) = item, case .string(let id)? = o["id"] else { throw EngineError.invalid("id", "is required") }
            let object = RecipientKey(collection: collection, id: id)
            guard try ObjectRows.doc(db, env, collection, id) != nil else { throw EngineError.notFound("object", id: id) }
            let recipients = try Validate.requiredArray(o["recipients"], "recipients")
            if kind == .subscriptionsAdd {
                _ = try SubscriptionRows.add(db, self, env, object: object, recipients: recipients, properties: try Validate.object(o["properties"], "properties"), now: now)
            } else {
                for (i, r) in recipients.enumerated() {
                    let key = try RecipientKey.parse(r, field: "recipients[\(i)]").0
                    try db.run("DELETE FROM subscriptions WHERE env = ? AND object_collection = ? AND object_id = ? AND recipient_collection = ? AND recipient_id = ?",
                               [.int(env.rowID), .text(collection), .text(id), .text(key.collection), .text(key.id)])
                }
            }
        }
    }
}

enum BulkRows {
    static func render(id: String, status: String, doc: JSONObject, updatedAt: Int64, baseURL: String) -> JSON {
        [
            "__typename": "BulkOperation", "id": .string(id), "name": doc["name"] ?? "",
            "status": .string(status),
            "estimated_total_rows": doc["estimated_total_rows"] ?? 0, "processed_rows": doc["processed_rows"] ?? 0,
            "success_count": doc["success_count"] ?? 0, "error_count": doc["error_count"] ?? 0,
            "error_items": doc["error_items"] ?? [],
            "progress_path": .string("\(baseURL)/v1/bulk_operations/\(id)"),
            "inserted_at": doc["inserted_at"] ?? nil, "updated_at": .string(Timestamp(microseconds: updatedAt).iso8601),
            "started_at": doc["started_at"] ?? nil, "completed_at": doc["completed_at"] ?? nil, "failed_at": doc["failed_at"] ?? nil,
        ]
    }

    static func errorItem(_ item: JSON, context: JSONObject) -> JSON {
        // The spec types `error_items[].id` as a string: an item without a usable id reports "".
        let id = item.stringValue ?? item["id"]?.stringValue ?? item["id"].flatMap { $0 == .null ? nil : $0.serialized() } ?? ""
        var o: JSONObject = ["id": .string(id)]
        if let c = context["collection"] { o["collection"] = c }
        return .object(o)
    }
}
