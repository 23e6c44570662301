import KnockCore

/// Users (semantics §3.1–3.2): identify with deep merge, get, list, delete, merge.
///
/// ```swift
/// try engine.identifyUser(env, id: "u1", body: ["name": "Ada", "prefs": ["a": 1]])
/// try engine.identifyUser(env, id: "u1", body: ["prefs": ["b": 2]])  // prefs == {a:1, b:2}
/// try engine.getUser(env, id: "u1")["name"]                           // "Ada"
/// ```
extension Engine {
    public func identifyUser(_ env: Environment, id: String, body: JSON) throws(EngineError) -> JSON {
        guard case .object(let o) = body else { throw .invalid("body", "must be an object") }
        let now = self.now(env)
        let user = try storing {
            try store.write { db throws in try UserRows.identify(db, self, env, id: id, body: o, now: now) }
        }
        // A new timezone may have moved a schedule's next occurrence: a running clock re-arms.
        if o["timezone"] != nil { runtimes.existing(env)?.schedulesChanged() }
        return user
    }

    public func getUser(_ env: Environment, id: String) throws(EngineError) -> JSON {
        let user = try storing { try store.read { db in try UserRows.find(db, env, id) } }
        guard let user else { throw .notFound("user", id: id) }
        return user
    }

    /// Lists users oldest first. With `includePreferences`, each carries its preference sets keyed by id.
    public func listUsers(_ env: Environment, page: PageRequest, includePreferences: Bool = false) throws(EngineError) -> Page<JSON> {
        try storing {
            try store.read { db in
                let page = try Keyset(table: "users", filter: "env = ?", arguments: [.int(env.rowID)])
                    .page(db, columns: "id, doc, updated_at", request: page) { row in
                        UserRows.render(id: row.text(1), doc: row.text(2), updatedAt: row.int(3))
                    }
                guard includePreferences else { return page }
                return try page.map { user in
                    var user = user
                    let sets = try PreferenceRows.all(db, env, .user(user["id"]?.stringValue ?? ""))
                    user["preferences"] = .object(JSONObject(uniqueKeysWithValues: sets.map { ($0["id"]?.stringValue ?? "", $0) }))
                    return user
                }
            }
        }
    }

    /// Deletes a user and everything that belongs to them. Unknown ids are a 404.
    public func deleteUser(_ env: Environment, id: String) throws(EngineError) {
        let deleted = try storing { try store.write { db in try UserRows.delete(db, env, id) } }
        if !deleted { throw .notFound("user", id: id) }
    }

    /// Merges `fromUserID` into `id`: the primary wins property conflicts; missing preference sets
    /// and channel data are copied; the secondary is then deleted.
    public func mergeUser(_ env: Environment, id: String, fromUserID: String) throws(EngineError) -> JSON {
        if id == fromUserID { throw .invalid("from_user_id", "must differ from the user being merged into") }
        let now = self.now(env)
        return try storing {
            try store.write { db throws in
                guard let primary = try UserRows.doc(db, env, id) else { throw EngineError.notFound("user", id: id) }
                guard let secondary = try UserRows.doc(db, env, fromUserID) else { throw EngineError.notFound("user", id: fromUserID) }
                let merged = JSON.deepMerge(secondary, primary)
                try UserRows.store(db, env, id: id, doc: merged, now: now)
                let to = RecipientKey.user(id), from = RecipientKey.user(fromUserID)
                try db.run("INSERT OR IGNORE INTO preference_sets(env, collection, recipient_id, set_id, doc, updated_at) SELECT env, collection, ?, set_id, doc, updated_at FROM preference_sets WHERE env = ? AND collection = ? AND recipient_id = ?",
                           [.text(to.id), .int(env.rowID), .text(from.collection), .text(from.id)])
                try db.run("INSERT OR IGNORE INTO channel_data(env, collection, recipient_id, channel_id, data, updated_at) SELECT env, collection, ?, channel_id, data, updated_at FROM channel_data WHERE env = ? AND collection = ? AND recipient_id = ?",
                           [.text(to.id), .int(env.rowID), .text(from.collection), .text(from.id)])
                _ = try UserRows.delete(db, env, fromUserID)
                return try UserRows.find(db, env, id)!
            }
        }
    }
}

/// Row-level user operations, usable inside any write transaction (bulk, merge, inline identify).
enum UserRows {
    /// Fields Knock types on a user; anything else is a custom property.
    static let stringFields = ["name", "email", "phone_number", "avatar", "timezone", "locale"]
    static let maxPropertiesSize = 256 * 1024

    static func doc(_ db: Database, _ env: Environment, _ id: String) throws(StoreError) -> JSONObject? {
        try db.first("SELECT doc FROM users WHERE env = ? AND id = ?", [.int(env.rowID), .text(id)]) { row in
            (try? JSON.parse(row.text(0)))?.objectValue ?? [:]
        }
    }

    static func find(_ db: Database, _ env: Environment, _ id: String) throws(StoreError) -> JSON? {
        try db.first("SELECT doc, updated_at FROM users WHERE env = ? AND id = ?", [.int(env.rowID), .text(id)]) { row in
            render(id: id, doc: row.text(0), updatedAt: row.int(1))
        }
    }

    /// The `User` response: typename and id first, custom properties flattened, timestamps last.
    static func render(id: String, doc: String, updatedAt: Int64) -> JSON {
        render(id: id, doc: (try? JSON.parse(doc))?.objectValue ?? [:], updatedAt: updatedAt)
    }

    static func render(id: String, doc: JSONObject, updatedAt: Int64) -> JSON {
        var o: JSONObject = ["__typename": "User", "id": .string(id)]
        o.reserveCapacity(doc.count + 4)
        for (k, v) in doc where k != "created_at" && k != "id" && k != "__typename" && k != "updated_at" { o[k] = v }
        o["created_at"] = doc["created_at"] ?? .null
        o["updated_at"] = .string(Timestamp(microseconds: updatedAt).iso8601)
        return .object(o)
    }

    /// Identify: validate, deep-merge into the stored properties, then apply inline channel data
    /// and preferences. With `onlyIfMissing`, an existing user is left untouched (references).
    static func identify(_ db: Database, _ engine: Engine, _ env: Environment, id: String, body: JSONObject, now: Timestamp, onlyIfMissing: Bool = false) throws(EngineError) -> JSON {
        try Validate.identifier(id, "user_id")
        var props = body
        let channelData = try Validate.object(props.removeValue(forKey: "channel_data"), "channel_data")
        let preferences = try Validate.object(props.removeValue(forKey: "preferences"), "preferences")
        props.removeValue(forKey: "id")
        props.removeValue(forKey: "__typename")
        props.removeValue(forKey: "updated_at")
        for field in stringFields { _ = try Validate.string(props[field], field) }
        if let created = props["created_at"], !created.isNull {
            guard let t = try Validate.timestamp(created, "created_at") else { throw .invalid("created_at", "must be a date-time") }
            props["created_at"] = .string(t.iso8601)
        }
        return try storing {
            let existing = try doc(db, env, id)
            if onlyIfMissing, existing != nil { return try find(db, env, id)! }
            let merged = existing.map { JSON.deepMerge($0, props) } ?? props
            // Serialized once: the size check and the stored text are the same string.
            let text = JSON.object(merged).serialized()
            if text.utf8.count > maxPropertiesSize {
                throw EngineError.invalid("properties", "must total at most 256 kB")
            }
            try store(db, env, id: id, text: text, now: now)
            let key = RecipientKey.user(id)
            // Recurring schedules run in the user's timezone (§6.2): a new one moves them.
            if props["timezone"] != nil, merged["timezone"] != existing?["timezone"] {
                try ScheduleRows.rescheduleRecurring(db, env, recipient: key, now: now)
            }
            if let channelData { try ChannelDataRows.setInline(db, engine, env, key, channelData, now: now) }
            if let preferences { try PreferenceRows.setInline(db, env, key, preferences, now: now) }
            return render(id: id, doc: merged, updatedAt: now.microseconds)
        }
    }

    static func store(_ db: Database, _ env: Environment, id: String, doc: JSONObject, now: Timestamp) throws(StoreError) {
        try store(db, env, id: id, text: JSON.object(doc).serialized(), now: now)
    }

    static func store(_ db: Database, _ env: Environment, id: String, text: String, now: Timestamp) throws(StoreError) {
        try db.run("""
            INSERT INTO users(env, id, doc, inserted_at, updated_at) VALUES(?, ?, ?, ?, ?)
            ON CONFLICT(env, id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at
            """, [.int(env.rowID), .text(id), .text(text), .int(now.microseconds), .int(now.microseconds)])
    }

    /// Hard-deletes the user and what hangs off them; true when the user existed.
    static func delete(_ db: Database, _ env: Environment, _ id: String) throws(StoreError) -> Bool {
        let n = try db.run("DELETE FROM users WHERE env = ? AND id = ?", [.int(env.rowID), .text(id)])
        try RecipientRows.deleteDependents(db, env, .user(id))
        try db.run("DELETE FROM audience_members WHERE env = ? AND user_id = ?", [.int(env.rowID), .text(id)])
        return n > 0
    }
}

/// What every recipient kind owns besides its own row.
enum RecipientRows {
    static func deleteDependents(_ db: Database, _ env: Environment, _ key: RecipientKey) throws(StoreError) {
        let args: [SQLValue] = [.int(env.rowID), .text(key.collection), .text(key.id)]
        try db.run("DELETE FROM preference_sets WHERE env = ? AND collection = ? AND recipient_id = ?", args)
        try db.run("DELETE FROM channel_data WHERE env = ? AND collection = ? AND recipient_id = ?", args)
        try db.run("DELETE FROM subscriptions WHERE env = ? AND recipient_collection = ? AND recipient_id = ?", args)
        try db.run("DELETE FROM subscriptions WHERE env = ? AND object_collection = ? AND object_id = ?", args)
        try db.run("DELETE FROM schedules WHERE env = ? AND recipient_collection = ? AND recipient_id = ?", args)
    }
}
