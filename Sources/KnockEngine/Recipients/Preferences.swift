import KnockCore

/// Preference sets for users and objects (semantics §3.6): PUT replaces unless
/// `__persistence_strategy__: "merge"`; identify/inline sets deep-merge; bulk sets replace.
/// An unset set reads back with null sections.
///
/// ```swift
/// try engine.setPreferences(env, .user("u1"), setID: "default", body: ["channel_types": ["email": false]])
/// try engine.getPreferences(env, .user("u1"), setID: "default")["channel_types"]  // {"email": false}
/// ```
extension Engine {
    public func listPreferences(_ env: Environment, _ recipient: RecipientKey) throws(EngineError) -> JSON {
        try storing { try store.read { db in .array(try PreferenceRows.all(db, env, recipient)) } }
    }

    public func getPreferences(_ env: Environment, _ recipient: RecipientKey, setID: String) throws(EngineError) -> JSON {
        try storing {
            try store.read { db in try PreferenceRows.find(db, env, recipient, setID) ?? PreferenceRows.render(setID, [:]) }
        }
    }

    public func setPreferences(_ env: Environment, _ recipient: RecipientKey, setID: String, body: JSON) throws(EngineError) -> JSON {
        guard case .object(var o) = body else { throw .invalid("body", "must be an object") }
        let strategy = try Validate.string(o.removeValue(forKey: "__persistence_strategy__"), "__persistence_strategy__") ?? "replace"
        guard strategy == "replace" || strategy == "merge" else { throw .invalid("__persistence_strategy__", "must be merge or replace") }
        let now = self.now(env)
        return try storing {
            try store.write { db throws in
                try ensureRecipient(db, env, recipient, properties: nil, now: now)
                return try PreferenceRows.set(db, env, recipient, setID, o, merge: strategy == "merge", now: now)
            }
        }
    }

    /// Deprecated partial endpoints (`…/{set}/workflows`, `…/categories/{key}`, ...) merge one section.
    public func setPreferenceSection(_ env: Environment, _ recipient: RecipientKey, setID: String, section: String, key: String?, value: JSON) throws(EngineError) -> JSON {
        var patch: JSON = value
        if let key { patch = .object([key: value]) }
        return try setPreferences(env, recipient, setID: setID, body: .object([section: patch, "__persistence_strategy__": "merge"]))
    }
}

enum PreferenceRows {
    static let sections = ["workflows", "categories", "channel_types", "channels", "commercial_subscribed"]

    static func render(_ setID: String, _ doc: JSONObject) -> JSON {
        var o: JSONObject = ["__typename": "PreferenceSet", "id": .string(setID)]
        for s in sections { o[s] = doc[s] ?? .null }
        return .object(o)
    }

    static func all(_ db: Database, _ env: Environment, _ r: RecipientKey) throws(StoreError) -> [JSON] {
        try db.query("SELECT set_id, doc FROM preference_sets WHERE env = ? AND collection = ? AND recipient_id = ? ORDER BY set_id",
                     [.int(env.rowID), .text(r.collection), .text(r.id)]) { row in
            render(row.text(0), (try? JSON.parse(row.text(1)))?.objectValue ?? [:])
        }
    }

    static func doc(_ db: Database, _ env: Environment, _ r: RecipientKey, _ setID: String) throws(StoreError) -> JSONObject? {
        try db.first("SELECT doc FROM preference_sets WHERE env = ? AND collection = ? AND recipient_id = ? AND set_id = ?",
                     [.int(env.rowID), .text(r.collection), .text(r.id), .text(setID)]) { row in
            (try? JSON.parse(row.text(0)))?.objectValue ?? [:]
        }
    }

    static func find(_ db: Database, _ env: Environment, _ r: RecipientKey, _ setID: String) throws(StoreError) -> JSON? {
        try doc(db, env, r, setID).map { render(setID, $0) }
    }

    static func set(_ db: Database, _ env: Environment, _ r: RecipientKey, _ setID: String, _ body: JSONObject, merge: Bool, now: Timestamp, field: String = "") throws(EngineError) -> JSON {
        if setID.isEmpty { throw .invalid("id", "must not be empty") }
        let clean = try validate(body, field: field)
        return try storing {
            let base = merge ? (try doc(db, env, r, setID) ?? [:]) : [:]
            let merged = JSON.deepMerge(base, clean)
            try db.run("""
                INSERT INTO preference_sets(env, collection, recipient_id, set_id, doc, updated_at) VALUES(?,?,?,?,?,?)
                ON CONFLICT(env, collection, recipient_id, set_id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at
                """, [.int(env.rowID), .text(r.collection), .text(r.id), .text(setID), .text(JSON.object(merged).serialized()), .int(now.microseconds)])
            return render(setID, merged)
        }
    }

    /// `preferences: {"default": {...}, "<tenant>": {...}}` inside identify: deep-merged per set.
    static func setInline(_ db: Database, _ env: Environment, _ r: RecipientKey, _ all: JSONObject, now: Timestamp) throws(EngineError) {
        for (setID, value) in all {
            guard case .object(var set) = value else { throw .invalid("preferences.\(setID)", "must be an object") }
            let strategy = set.removeValue(forKey: "__persistence_strategy__")?.stringValue
            _ = try self.set(db, env, r, setID, set, merge: strategy != "replace", now: now, field: "preferences.\(setID).")
        }
    }

    /// Keeps only the known sections and checks their types; a wrong type is a 422.
    static func validate(_ body: JSONObject, field: String) throws(EngineError) -> JSONObject {
        var out: JSONObject = [:]
        for (k, v) in body {
            switch k {
            case "workflows", "categories":
                if v.isNull { out[k] = .null; continue }
                guard case .object(let entries) = v else { throw .invalid("\(field)\(k)", "must be an object") }
                for (name, setting) in entries { try checkSetting(setting, "\(field)\(k).\(name)", allowNested: true) }
                out[k] = v
            case "channel_types", "channels":
                if v.isNull { out[k] = .null; continue }
                guard case .object(let entries) = v else { throw .invalid("\(field)\(k)", "must be an object") }
                for (name, setting) in entries { try checkSetting(setting, "\(field)\(k).\(name)", allowNested: false) }
                out[k] = v
            case "commercial_subscribed":
                if !v.isNull { try checkSetting(v, "\(field)\(k)", allowNested: false) }
                out[k] = v
            case "id", "__typename", "__persistence_strategy__":
                continue
            default:
                // Unknown keys are ignored, as Knock does, rather than stored as sections.
                continue
            }
        }
        return out
    }

    /// `bool`, or a Setting object (`channel_types`, `channels`, `conditions`, `__strategy__`).
    static func checkSetting(_ v: JSON, _ field: String, allowNested: Bool) throws(EngineError) {
        switch v {
        case .bool: return
        case .object(let o):
            for (k, inner) in o {
                switch k {
                case "conditions":
                    if inner.isNull { continue }
                    guard case .array(let conditions) = inner else { throw .invalid("\(field).conditions", "must be an array") }
                    for (i, c) in conditions.enumerated() {
                        guard case .object(let cond) = c, cond["variable"]?.stringValue != nil, cond["operator"]?.stringValue != nil else {
                            throw .invalid("\(field).conditions[\(i)]", "must be {variable, operator, argument}")
                        }
                    }
                case "channel_types", "channels" where allowNested:
                    if inner.isNull { continue }
                    guard case .object(let entries) = inner else { throw .invalid("\(field).\(k)", "must be an object") }
                    for (name, s) in entries { try checkSetting(s, "\(field).\(k).\(name)", allowNested: false) }
                case "__strategy__":
                    guard inner.stringValue == "replace" || inner.stringValue == "merge" else { throw .invalid("\(field).__strategy__", "must be merge or replace") }
                case "subscribed":
                    guard inner.boolValue != nil else { throw .invalid("\(field).subscribed", "must be a boolean") }
                default:
                    throw .invalid("\(field).\(k)", "is not a preference setting")
                }
            }
        default:
            throw .invalid(field, "must be a boolean or a setting object")
        }
    }
}
