import KnockCore

/// Who a run is for (or by): a user id, or an object `{id, collection}`. Tenants are objects in
/// the `$tenants` collection (§2.2).
///
/// ```swift
/// RecipientRef.user("u1").reference                         // "u1"
/// RecipientRef(collection: "projects", id: "p1").reference  // {"id": "p1", "collection": "projects"}
/// ```
public struct RecipientRef: Sendable, Hashable, CustomStringConvertible {
    public static let tenantsCollection = "$tenants"

    /// nil for users.
    public var collection: String?
    public var id: String

    public init(collection: String?, id: String) {
        self.collection = collection
        self.id = id
    }

    public static func user(_ id: String) -> RecipientRef { RecipientRef(collection: nil, id: id) }

    public var isUser: Bool { collection == nil }

    /// `RecipientReference`: the user id string or `{id, collection}`.
    public var reference: JSON {
        guard let collection else { return .string(id) }
        return ["id": .string(id), "collection": .string(collection)]
    }

    public var description: String { collection.map { "\($0)/\(id)" } ?? id }

    /// Reads a `RecipientReference` (`"u1"` or `{id, collection}`); nil when it is neither.
    public init?(reference: JSON) {
        switch reference {
        case .string(let id) where !id.isEmpty: self.init(collection: nil, id: id)
        case .object(let o):
            guard let id = o["id"]?.stringValue, !id.isEmpty else { return nil }
            let c = o["collection"]?.stringValue
            self.init(collection: c?.isEmpty == true ? nil : c, id: id)
        default: return nil
        }
    }
}
