import KnockCore

/// Tenants (semantics §6.1): stored as objects in the `$tenants` collection (as Knock does), so
/// channel data and preferences work the same; rendered with custom properties at the top level.
///
/// ```swift
/// try engine.setTenant(env, id: "acme", body: ["name": "Acme", "settings": ["branding": ["primary_color": "#000"]]])
/// try engine.listTenants(env, page: PageRequest(), name: "Acme")
/// ```
extension Engine {
    public func setTenant(_ env: Environment, id: String, body: JSON) throws(EngineError) -> JSON {
        guard case .object(var o) = body else { throw .invalid("body", "must be an object") }
        _ = try Validate.string(o["name"], "name")
        var replacePreferenceSet: JSONObject?
        if let settings = try Validate.object(o["settings"], "settings") {
            if let branding = try Validate.object(settings["branding"], "settings.branding") {
                for (k, v) in branding where !v.isNull && v.stringValue == nil { throw .invalid("settings.branding.\(k)", "must be a string") }
            }
            if var set = try Validate.object(settings["preference_set"], "settings.preference_set") {
                let strategy = set.removeValue(forKey: "__persistence_strategy__")?.stringValue
                set = try PreferenceRows.validate(set, field: "settings.preference_set.")
                var s = settings
                s["preference_set"] = .object(set)
                o["settings"] = .object(s)
                if strategy == "replace" { replacePreferenceSet = set }
            }
        }
        let now = self.now(env)
        let collection = RecipientKey.tenantsCollection
        return try storing {
            try store.write { db throws in
                _ = try ObjectRows.set(db, self, env, collection: collection, id: id, body: o, now: now)
                if let replacePreferenceSet {
                    // Deep merge already ran; a replace strategy overwrites the merged set wholesale.
                    var doc = try ObjectRows.doc(db, env, collection, id) ?? [:]
                    var settings = doc["settings"]?.objectValue ?? [:]
                    settings["preference_set"] = .object(replacePreferenceSet)
                    doc["settings"] = .object(settings)
                    try db.run("UPDATE objects SET doc = ? WHERE env = ? AND collection = ? AND id = ?",
                               [.text(JSON.object(doc).serialized()), .int(env.rowID), .text(collection), .text(id)])
                }
                return try TenantRows.find(db, env, id)!
            }
        }
    }

    /// With `resolveFullPreferenceSettings`, `settings.preference_set` comes merged over the
    /// environment's default preference set.
    public func getTenant(_ env: Environment, id: String, resolveFullPreferenceSettings: Bool = false) throws(EngineError) -> JSON {
        let found = try storing { try store.read { db in try TenantRows.find(db, env, id) } }
        guard let found else { throw .notFound("tenant", id: id) }
        return resolveFullPreferenceSettings ? TenantRows.resolved(found, environmentDefault: currentSettings(env).defaultPreferenceSet) : found
    }

    /// Sets (or with nil clears) the environment's default preference set; validated like any set.
    public func setDefaultPreferenceSet(environmentID: String, _ set: JSON?) throws(EngineError) -> Environment {
        var validated: JSONObject?
        switch set {
        case nil, .null?: validated = nil
        case .object(let o)?: validated = try PreferenceRows.validate(o, field: "default_preference_set.")
        default: throw .invalid("default_preference_set", "must be a preference set object or null")
        }
        return try environments.update(id: environmentID) { $0.defaultPreferenceSet = validated }
    }

    /// Settings as stored now (an `Environment` value a request carries may predate an admin update).
    func currentSettings(_ env: Environment) -> EnvironmentSettings { environments.find(id: env.id)?.settings ?? env.settings }

    /// Lists tenants oldest first, optionally filtered by exact `tenantID` or `name`.
    public func listTenants(_ env: Environment, page: PageRequest, tenantID: String? = nil, name: String? = nil,
                            resolveFullPreferenceSettings: Bool = false) throws(EngineError) -> Page<JSON> {
        let environmentDefault = resolveFullPreferenceSettings ? currentSettings(env).defaultPreferenceSet : nil
        var filter = "env = ? AND collection = ?"
        var args: [SQLValue] = [.int(env.rowID), .text(RecipientKey.tenantsCollection)]
        if let tenantID { filter += " AND id = ?"; args.append(.text(tenantID)) }
        if let name { filter += " AND json_extract(doc, '$.name') = ?"; args.append(.text(name)) }
        return try storing {
            try store.read { db in
                try Keyset(table: "objects", filter: filter, arguments: args)
                    .page(db, columns: "id, doc", request: page) { row in
                        let tenant = TenantRows.render(id: row.text(1), doc: (try? JSON.parse(row.text(2)))?.objectValue ?? [:])
                        return resolveFullPreferenceSettings ? TenantRows.resolved(tenant, environmentDefault: environmentDefault) : tenant
                    }
            }
        }
    }

    public func deleteTenant(_ env: Environment, id: String) throws(EngineError) {
        let deleted = try storing { try store.write { db in try ObjectRows.delete(db, env, RecipientKey.tenantsCollection, id) } }
        if !deleted { throw .notFound("tenant", id: id) }
    }
}

enum TenantRows {
    static func find(_ db: Database, _ env: Environment, _ id: String) throws(StoreError) -> JSON? {
        try ObjectRows.doc(db, env, RecipientKey.tenantsCollection, id).map { render(id: id, doc: $0) }
    }

    /// The tenant with `settings.preference_set` merged over the environment default: sections
    /// merge key by key, the tenant's values win, and its nulls never erase a default.
    static func resolved(_ tenant: JSON, environmentDefault: JSONObject?) -> JSON {
        guard let base = environmentDefault, case .object(var o) = tenant else { return tenant }
        var settings = o["settings"]?.objectValue ?? [:]
        let own = settings["preference_set"]?.objectValue ?? [:]
        settings["preference_set"] = .object(overlay(base, own))
        o["settings"] = .object(settings)
        return .object(o)
    }

    static func overlay(_ base: JSONObject, _ top: JSONObject) -> JSONObject {
        var out = base
        for (k, v) in top {
            switch (out[k], v) {
            case (_, .null): continue
            case (.object(let b)?, .object(let t)): out[k] = .object(overlay(b, t))
            default: out[k] = v
            }
        }
        return out
    }

    /// `Tenant`: typename, id, name, settings, then custom properties at the top level.
    static func render(id: String, doc: JSONObject) -> JSON {
        var o: JSONObject = ["__typename": "Tenant", "id": .string(id), "name": doc["name"] ?? .null]
        if let settings = doc["settings"] { o["settings"] = settings }
        for (k, v) in doc where o[k] == nil { o[k] = v }
        return .object(o)
    }
}
