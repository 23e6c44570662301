import KnockCore

/// Objects (semantics §3.3): custom data nested under `properties`, unique by (collection, id).
///
/// ```swift
/// try engine.setObject(env, collection: "projects", id: "p1", body: ["name": "Apollo"])
/// try engine.getObject(env, collection: "projects", id: "p1")["properties"]  // {"name": "Apollo"}
/// ```
extension Engine {
    public func setObject(_ env: Environment, collection: String, id: String, body: JSON) throws(EngineError) -> JSON {
        guard case .object(let o) = body else { throw .invalid("body", "must be an object") }
        let now = self.now(env)
        let object = try storing { try store.write { db throws in try ObjectRows.set(db, self, env, collection: collection, id: id, body: o, now: now) } }
        // A new timezone may have moved a schedule's next occurrence: a running clock re-arms.
        if o["timezone"] != nil { runtimes.existing(env)?.schedulesChanged() }
        return object
    }

    public func getObject(_ env: Environment, collection: String, id: String) throws(EngineError) -> JSON {
        let found = try storing { try store.read { db in try ObjectRows.find(db, env, collection, id) } }
        guard let found else { throw .notFound("object", id: "\(collection)/\(id)") }
        return found
    }

    public func listObjects(_ env: Environment, collection: String, page: PageRequest, includePreferences: Bool = false) throws(EngineError) -> Page<JSON> {
        try storing {
            try store.read { db in
                let page = try Keyset(table: "objects", filter: "env = ? AND collection = ?", arguments: [.int(env.rowID), .text(collection)])
                    .page(db, columns: "id, doc, inserted_at, updated_at", request: page) { row in
                        ObjectRows.render(collection: collection, id: row.text(1), doc: row.text(2), insertedAt: row.int(3), updatedAt: row.int(4))
                    }
                guard includePreferences else { return page }
                return try page.map { object in
                    var object = object
                    let sets = try PreferenceRows.all(db, env, RecipientKey(collection: collection, id: object["id"]?.stringValue ?? ""))
                    object["preferences"] = .object(JSONObject(uniqueKeysWithValues: sets.map { ($0["id"]?.stringValue ?? "", $0) }))
                    return object
                }
            }
        }
    }

    public func deleteObject(_ env: Environment, collection: String, id: String) throws(EngineError) {
        let deleted = try storing { try store.write { db in try ObjectRows.delete(db, env, collection, id) } }
        if !deleted { throw .notFound("object", id: "\(collection)/\(id)") }
    }
}

enum ObjectRows {
    static func doc(_ db: Database, _ env: Environment, _ collection: String, _ id: String) throws(StoreError) -> JSONObject? {
        try db.first("SELECT doc FROM objects WHERE env = ? AND collection = ? AND id = ?", [.int(env.rowID), .text(collection), .text(id)]) { row in
            (try? JSON.parse(row.text(0)))?.objectValue ?? [:]
        }
    }

    static func find(_ db: Database, _ env: Environment, _ collection: String, _ id: String) throws(StoreError) -> JSON? {
        try db.first("SELECT doc, inserted_at, updated_at FROM objects WHERE env = ? AND collection = ? AND id = ?",
                     [.int(env.rowID), .text(collection), .text(id)]) { row in
            render(collection: collection, id: id, doc: row.text(0), insertedAt: row.int(1), updatedAt: row.int(2))
        }
    }

    static func render(collection: String, id: String, doc: String, insertedAt: Int64, updatedAt: Int64) -> JSON {
        render(collection: collection, id: id, doc: (try? JSON.parse(doc))?.objectValue ?? [:], insertedAt: insertedAt, updatedAt: updatedAt)
    }

    static func render(collection: String, id: String, doc: JSONObject, insertedAt: Int64, updatedAt: Int64) -> JSON {
        [
            "__typename": "Object", "id": .string(id), "collection": .string(collection),
            "properties": .object(doc),
            "created_at": .string(Timestamp(microseconds: insertedAt).iso8601),
            "updated_at": .string(Timestamp(microseconds: updatedAt).iso8601),
        ]
    }

    /// Upsert: everything but `channel_data`/`preferences` is deep-merged into `properties`.
    static func set(_ db: Database, _ engine: Engine, _ env: Environment, collection: String, id: String, body: JSONObject, now: Timestamp, onlyIfMissing: Bool = false) throws(EngineError) -> JSON {
        try Validate.identifier(collection, "collection")
        try Validate.identifier(id, "id")
        var props = body
        let channelData = try Validate.object(props.removeValue(forKey: "channel_data"), "channel_data")
        let preferences = try Validate.object(props.removeValue(forKey: "preferences"), "preferences")
        props.removeValue(forKey: "id")
        props.removeValue(forKey: "collection")
        props.removeValue(forKey: "__typename")
        for field in ["name", "locale", "timezone"] { _ = try Validate.string(props[field], field) }
        return try storing {
            let row = try db.first("SELECT doc, inserted_at FROM objects WHERE env = ? AND collection = ? AND id = ?",
                                   [.int(env.rowID), .text(collection), .text(id)]) { row in
                ((try? JSON.parse(row.text(0)))?.objectValue ?? [:], row.int(1))
            }
            if onlyIfMissing, row != nil { return try find(db, env, collection, id)! }
            let merged = row.map { JSON.deepMerge($0.0, props) } ?? props
            if JSON.object(merged).serializedSize > UserRows.maxPropertiesSize {
                throw EngineError.invalid("properties", "must total at most 256 kB")
            }
            try db.run("""
                INSERT INTO objects(env, collection, id, doc, inserted_at, updated_at) VALUES(?,?,?,?,?,?)
                ON CONFLICT(env, collection, id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at
                """, [.int(env.rowID), .text(collection), .text(id), .text(JSON.object(merged).serialized()), .int(now.microseconds), .int(now.microseconds)])
            let key = RecipientKey(collection: collection, id: id)
            // Recurring schedules run in the object's timezone (§6.2): a new one moves them.
            if props["timezone"] != nil, merged["timezone"] != row?.0["timezone"] {
                try ScheduleRows.rescheduleRecurring(db, env, recipient: key, now: now)
            }
            if let channelData { try ChannelDataRows.setInline(db, engine, env, key, channelData, now: now) }
            if let preferences { try PreferenceRows.setInline(db, env, key, preferences, now: now) }
            return render(collection: collection, id: id, doc: merged, insertedAt: row?.1 ?? now.microseconds, updatedAt: now.microseconds)
        }
    }

    static func delete(_ db: Database, _ env: Environment, _ collection: String, _ id: String) throws(StoreError) -> Bool {
        let n = try db.run("DELETE FROM objects WHERE env = ? AND collection = ? AND id = ?", [.int(env.rowID), .text(collection), .text(id)])
        try RecipientRows.deleteDependents(db, env, RecipientKey(collection: collection, id: id))
        return n > 0
    }
}
