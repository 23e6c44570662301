import KnockCore

/// Who a preference set, channel data, subscription or schedule belongs to: a user or an object.
/// Users are stored under the reserved collection `$users` so both kinds share tables.
///
/// ```swift
/// RecipientKey.user("u1")                       // collection "$users"
/// RecipientKey(collection: "projects", id: "p1")
/// try RecipientKey.parse(.object(["id": "p1", "collection": "projects"]), field: "recipients[0]")
/// ```
public struct RecipientKey: Sendable, Hashable {
    public static let usersCollection = "$users"
    public static let tenantsCollection = "$tenants"

    public let collection: String
    public let id: String

    public init(collection: String, id: String) {
        self.collection = collection
        self.id = id
    }

    public static func user(_ id: String) -> RecipientKey { RecipientKey(collection: usersCollection, id: id) }
    public var isUser: Bool { collection == RecipientKey.usersCollection }

    /// A recipient as requests give it: a user id string, or `{id, collection}` for an object, or
    /// an inline-identify object (`{id, ...properties}` for a user, `{id, collection, ...}` for an
    /// object). Returns the key and any inline properties to upsert.
    static func parse(_ value: JSON, field: String) throws(EngineError) -> (RecipientKey, JSONObject?) {
        switch value {
        case .string(let id):
            try Validate.identifier(id, field)
            return (.user(id), nil)
        case .object(var o):
            guard case .string(let id)? = o.removeValue(forKey: "id") else { throw .invalid("\(field).id", "is required") }
            try Validate.identifier(id, "\(field).id")
            if let c = o.removeValue(forKey: "collection") {
                guard case .string(let collection) = c, !collection.isEmpty else { throw .invalid("\(field).collection", "must be a non-empty string") }
                return (RecipientKey(collection: collection, id: id), o.isEmpty ? nil : o)
            }
            return (.user(id), o.isEmpty ? nil : o)
        default:
            throw .invalid(field, "must be a user id or an object reference {id, collection}")
        }
    }
}

extension Engine {
    /// The full Recipient JSON (User or Object) for a key, or a minimal reference when it was
    /// deleted, so lists that mention it never fail.
    func recipientJSON(_ db: Database, _ env: Environment, _ key: RecipientKey) throws(StoreError) -> JSON {
        if key.isUser {
            if let u = try UserRows.find(db, env, key.id) { return u }
            return ["__typename": "User", "id": .string(key.id), "created_at": nil, "updated_at": .string(Timestamp(microseconds: 0).iso8601)]
        }
        if let o = try ObjectRows.find(db, env, key.collection, key.id) { return o }
        return ["__typename": "Object", "id": .string(key.id), "collection": .string(key.collection), "properties": [:], "created_at": nil, "updated_at": .string(Timestamp(microseconds: 0).iso8601)]
    }

    /// Makes sure a recipient exists (identify with no properties) and applies inline properties.
    func ensureRecipient(_ db: Database, _ env: Environment, _ key: RecipientKey, properties: JSONObject?, now: Timestamp) throws(EngineError) {
        if key.isUser {
            _ = try UserRows.identify(db, self, env, id: key.id, body: properties ?? [:], now: now, onlyIfMissing: properties == nil)
        } else {
            _ = try ObjectRows.set(db, self, env, collection: key.collection, id: key.id, body: properties ?? [:], now: now, onlyIfMissing: properties == nil)
        }
    }
}
