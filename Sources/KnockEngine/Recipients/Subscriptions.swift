import KnockCore

/// Subscriptions of recipients to objects (semantics §3.4): upserting add, delete, and lists for
/// an object (its subscribers, or with `mode=recipient` what it subscribes to) and for a user.
///
/// ```swift
/// try engine.addSubscriptions(env, object: RecipientKey(collection: "projects", id: "p1"),
///                             body: ["recipients": ["u1", "u2"], "properties": ["role": "owner"]])
/// try engine.listSubscriptions(env, object: .init(collection: "projects", id: "p1"), mode: .object, page: PageRequest())
/// ```
extension Engine {
    public enum SubscriptionListMode: String, Sendable { case object, recipient }

    public func addSubscriptions(_ env: Environment, object: RecipientKey, body: JSON) throws(EngineError) -> JSON {
        guard case .object(let o) = body else { throw .invalid("body", "must be an object") }
        let recipients = try Validate.requiredArray(o["recipients"], "recipients", max: 100)
        let properties = try Validate.object(o["properties"], "properties")
        let now = self.now(env)
        return try storing {
            try store.write { db throws in
                guard try ObjectRows.doc(db, env, object.collection, object.id) != nil else {
                    throw EngineError.notFound("object", id: "\(object.collection)/\(object.id)")
                }
                return .array(try SubscriptionRows.add(db, self, env, object: object, recipients: recipients, properties: properties, now: now))
            }
        }
    }

    public func deleteSubscriptions(_ env: Environment, object: RecipientKey, body: JSON) throws(EngineError) -> JSON {
        guard case .object(let o) = body else { throw .invalid("body", "must be an object") }
        let recipients = try Validate.requiredArray(o["recipients"], "recipients", max: 100)
        var keys: [RecipientKey] = []
        for (i, r) in recipients.enumerated() { keys.append(try RecipientKey.parse(r, field: "recipients[\(i)]").0) }
        return try storing {
            try store.write { db throws in
                var deleted: [JSON] = []
                for key in keys {
                    let args: [SQLValue] = [.int(env.rowID), .text(object.collection), .text(object.id), .text(key.collection), .text(key.id)]
                    let row = try db.first("SELECT properties, inserted_at, updated_at FROM subscriptions WHERE env = ? AND object_collection = ? AND object_id = ? AND recipient_collection = ? AND recipient_id = ?", args) { row in
                        (row.optionalText(0), row.int(1), row.int(2))
                    }
                    guard let row else { continue }
                    deleted.append(try SubscriptionRows.render(db, env, object: object, recipient: key, properties: row.0, insertedAt: row.1, updatedAt: row.2))
                    try db.run("DELETE FROM subscriptions WHERE env = ? AND object_collection = ? AND object_id = ? AND recipient_collection = ? AND recipient_id = ?", args)
                }
                return .array(deleted)
            }
        }
    }

    /// `mode: .object` lists the object's subscribers; `.recipient` the objects it subscribes to.
    public func listSubscriptions(_ env: Environment, object: RecipientKey, mode: SubscriptionListMode, page: PageRequest,
                                  recipients: [RecipientKey] = [], objects: [RecipientKey] = []) throws(EngineError) -> Page<JSON> {
        var filter: String
        var args: [SQLValue] = [.int(env.rowID), .text(object.collection), .text(object.id)]
        switch mode {
        case .object:
            filter = "env = ? AND object_collection = ? AND object_id = ?"
            SubscriptionRows.addFilter(&filter, &args, recipients, collectionColumn: "recipient_collection", idColumn: "recipient_id")
        case .recipient:
            filter = "env = ? AND recipient_collection = ? AND recipient_id = ?"
            SubscriptionRows.addFilter(&filter, &args, objects, collectionColumn: "object_collection", idColumn: "object_id")
        }
        return try SubscriptionRows.page(self, env, filter: filter, args: args, page: page, descending: false)
    }

    /// The objects a user subscribes to, newest first.
    public func listUserSubscriptions(_ env: Environment, userID: String, page: PageRequest, objects: [RecipientKey] = []) throws(EngineError) -> Page<JSON> {
        var filter = "env = ? AND recipient_collection = ? AND recipient_id = ?"
        var args: [SQLValue] = [.int(env.rowID), .text(RecipientKey.usersCollection), .text(userID)]
        SubscriptionRows.addFilter(&filter, &args, objects, collectionColumn: "object_collection", idColumn: "object_id")
        return try SubscriptionRows.page(self, env, filter: filter, args: args, page: page, descending: true)
    }
}

enum SubscriptionRows {
    static func addFilter(_ filter: inout String, _ args: inout [SQLValue], _ keys: [RecipientKey], collectionColumn: String, idColumn: String) {
        guard !keys.isEmpty else { return }
        filter += " AND (" + keys.map { _ in "(\(collectionColumn) = ? AND \(idColumn) = ?)" }.joined(separator: " OR ") + ")"
        for k in keys { args.append(.text(k.collection)); args.append(.text(k.id)) }
    }

    static func page(_ engine: Engine, _ env: Environment, filter: String, args: [SQLValue], page: PageRequest, descending: Bool) throws(EngineError) -> Page<JSON> {
        try storing {
            try engine.store.read { db in
                let rows = try Keyset(table: "subscriptions", filter: filter, arguments: args, descending: descending)
                    .page(db, columns: "object_collection, object_id, recipient_collection, recipient_id, properties, inserted_at, updated_at", request: page) { row in
                        (RecipientKey(collection: row.text(1), id: row.text(2)), RecipientKey(collection: row.text(3), id: row.text(4)),
                         row.optionalText(5), row.int(6), row.int(7))
                    }
                return try rows.map { r in try render(db, env, object: r.0, recipient: r.1, properties: r.2, insertedAt: r.3, updatedAt: r.4) }
            }
        }
    }

    static func render(_ db: Database, _ env: Environment, object: RecipientKey, recipient: RecipientKey, properties: String?, insertedAt: Int64, updatedAt: Int64) throws(StoreError) -> JSON {
        let objectJSON: JSON = try ObjectRows.find(db, env, object.collection, object.id)
            ?? ObjectRows.render(collection: object.collection, id: object.id, doc: [:], insertedAt: insertedAt, updatedAt: updatedAt)
        let recipientJSON = try recipientRender(db, env, recipient)
        return [
            "__typename": "Subscription", "object": objectJSON, "recipient": recipientJSON,
            "properties": properties.flatMap { try? JSON.parse($0) } ?? .null,
            "inserted_at": .string(Timestamp(microseconds: insertedAt).iso8601),
            "updated_at": .string(Timestamp(microseconds: updatedAt).iso8601),
        ]
    }

    static func recipientRender(_ db: Database, _ env: Environment, _ key: RecipientKey) throws(StoreError) -> JSON {
        if key.isUser, let u = try UserRows.find(db, env, key.id) { return u }
        if !key.isUser, let o = try ObjectRows.find(db, env, key.collection, key.id) { return o }
        return key.isUser ? UserRows.render(id: key.id, doc: [:], updatedAt: 0)
            : ObjectRows.render(collection: key.collection, id: key.id, doc: [:], insertedAt: 0, updatedAt: 0)
    }

    /// Upserts subscriptions for `recipients` (ids, references or inline identifies).
    static func add(_ db: Database, _ engine: Engine, _ env: Environment, object: RecipientKey, recipients: [JSON], properties: JSONObject?, now: Timestamp) throws(EngineError) -> [JSON] {
        var out: [JSON] = []
        let props: SQLValue = properties.map { .text(JSON.object($0).serialized()) } ?? .null
        for (i, r) in recipients.enumerated() {
            let (key, inline) = try RecipientKey.parse(r, field: "recipients[\(i)]")
            if key == object { throw .invalid("recipients[\(i)]", "an object cannot subscribe to itself") }
            try engine.ensureRecipient(db, env, key, properties: inline, now: now)
            try storing {
                try db.run("""
                    INSERT INTO subscriptions(env, object_collection, object_id, recipient_collection, recipient_id, properties, inserted_at, updated_at)
                    VALUES(?,?,?,?,?,?,?,?)
                    ON CONFLICT(env, object_collection, object_id, recipient_collection, recipient_id)
                    DO UPDATE SET properties = excluded.properties, updated_at = excluded.updated_at
                    """, [.int(env.rowID), .text(object.collection), .text(object.id), .text(key.collection), .text(key.id), props, .int(now.microseconds), .int(now.microseconds)])
                let inserted = try db.first("SELECT inserted_at FROM subscriptions WHERE env = ? AND object_collection = ? AND object_id = ? AND recipient_collection = ? AND recipient_id = ?",
                                            [.int(env.rowID), .text(object.collection), .text(object.id), .text(key.collection), .text(key.id)]) { $0.int(0) } ?? now.microseconds
                out.append(try render(db, env, object: object, recipient: key, properties: properties.map { JSON.object($0).serialized() }, insertedAt: inserted, updatedAt: now.microseconds))
            }
        }
        return out
    }
}
