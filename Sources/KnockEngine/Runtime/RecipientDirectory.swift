import Foundation
import KnockCore

/// What the runtime needs from recipient storage: users, objects, tenants, subscriptions,
/// preference sets and channel data. A protocol so the runtime runs (and is tested) on the
/// in-memory `InMemoryRecipientDirectory` as well as on the engine's SQLite store.
///
/// Implementations must be thread-safe: the trigger path identifies inline recipients on the
/// request thread, runs read on the environment's executor.
///
/// ```swift
/// let directory = InMemoryRecipientDirectory()
/// directory.identify(.user("u1"), properties: ["name": "Ada", "email": "ada@example.com"], now: Date())
/// directory.recipient(.user("u1"))?["email"]   // "ada@example.com"
/// ```
public protocol RecipientDirectory: AnyObject, Sendable {
    /// Upserts with identify's deep merge (§3.2). `channel_data` (channel id → data) and
    /// `preferences` (set id → PreferenceSet) keys are stored apart, not as properties.
    func identify(_ ref: RecipientRef, properties: JSONObject, now: Date)
    /// Identifies many at once (a trigger's inline recipients); stores may write them in one
    /// transaction. Each is merged as `identify` does; one that is refused leaves the rest.
    func identify(_ batch: [(ref: RecipientRef, properties: JSONObject)], now: Date)
    /// The serialized User (`__typename: "User"`, properties at top level) or Object
    /// (`__typename: "Object"`, custom data under `properties`); tenants as `Tenant`. Nil when unknown.
    func recipient(_ ref: RecipientRef) -> JSON?
    /// Subscribers of an object, in subscription order, with the subscription's `properties`.
    func subscribers(of object: RecipientRef) -> [(recipient: RecipientRef, properties: JSON)]
    /// The recipient's preference sets by set id (`default`, tenant ids).
    func preferenceSets(for ref: RecipientRef) -> [String: JSON]
    /// The `data` of the recipient's channel data for a channel.
    func channelData(for ref: RecipientRef, channelID: UUID) -> JSON?
    /// Many users at once, each as `recipient(.user(id))` with its `preferenceSets`; unknown ids
    /// are left out. A fan-out reads its recipients this way, in a query or two instead of two
    /// per recipient.
    func users(ids: [String]) -> [String: PrefetchedUser]
    /// The environment's default timezone (Knock's account default) for recipients without a
    /// valid `timezone`. Read on each use: an admin may change it while runs wait.
    var defaultTimeZone: TimeZone { get }
}

/// A user read ahead for a fan-out (`RecipientDirectory.users(ids:)`).
public struct PrefetchedUser: Sendable {
    public var user: JSON
    public var preferenceSets: [String: JSON]
}

extension RecipientDirectory {
    public func identify(_ batch: [(ref: RecipientRef, properties: JSONObject)], now: Date) {
        for item in batch { identify(item.ref, properties: item.properties, now: now) }
    }
    public func exists(_ ref: RecipientRef) -> Bool { recipient(ref) != nil }
    public func users(ids: [String]) -> [String: PrefetchedUser] {
        var found: [String: PrefetchedUser] = [:]
        for id in ids {
            if let user = recipient(.user(id)) { found[id] = PrefetchedUser(user: user, preferenceSets: preferenceSets(for: .user(id))) }
        }
        return found
    }
    public func tenant(id: String) -> JSON? { recipient(RecipientRef(collection: RecipientRef.tenantsCollection, id: id)) }
    public var defaultTimeZone: TimeZone { .knockDefault }
}

/// A thread-safe in-memory `RecipientDirectory` for tests and for running without a store.
///
/// ```swift
/// let d = InMemoryRecipientDirectory()
/// d.subscribe(.user("u2"), to: RecipientRef(collection: "projects", id: "p1"), properties: ["role": "owner"])
/// ```
public final class InMemoryRecipientDirectory: RecipientDirectory, @unchecked Sendable {
    private struct Record {
        var properties: JSONObject
        var createdAt: Date
        var updatedAt: Date
    }
    private let lock = NSLock()
    private var records: [RecipientRef: Record] = [:]
    private var subscriptions: [RecipientRef: [(RecipientRef, JSON)]] = [:]
    private var preferences: [RecipientRef: [String: JSON]] = [:]
    private var channelData: [RecipientRef: [String: JSON]] = [:]
    private var zone = TimeZone.knockDefault

    public init() {}

    /// UTC unless a test sets another.
    public var defaultTimeZone: TimeZone {
        get { lock.withLock { zone } }
        set { lock.withLock { zone = newValue } }
    }

    public func identify(_ ref: RecipientRef, properties: JSONObject, now: Date) {
        var props = properties
        let inlineChannelData = props.removeValue(forKey: "channel_data")?.objectValue
        let inlinePreferences = props.removeValue(forKey: "preferences")?.objectValue
        props.removeValue(forKey: "id")
        props.removeValue(forKey: "collection")
        props.removeValue(forKey: "__typename")
        lock.withLock {
            var r = records[ref] ?? Record(properties: [:], createdAt: now, updatedAt: now)
            r.properties = JSONMerging.deepMerge(.object(r.properties), .object(props)).objectValue ?? [:]
            r.updatedAt = now
            records[ref] = r
            for (channel, data) in inlineChannelData ?? [:] {
                // Inline channel data is `{channel_id: {data: {...}}}` or `{channel_id: {...}}`.
                channelData[ref, default: [:]][channel.lowercased()] = data["data"] ?? data
            }
            for (setID, set) in inlinePreferences ?? [:] {
                let old = preferences[ref]?[setID] ?? [:]
                preferences[ref, default: [:]][setID] = JSONMerging.deepMerge(old, set)
            }
        }
    }

    public func recipient(_ ref: RecipientRef) -> JSON? {
        guard let r = lock.withLock({ records[ref] }) else { return nil }
        let created: JSON = .string(ProviderTimestamp.string(r.createdAt))
        let updated: JSON = .string(ProviderTimestamp.string(r.updatedAt))
        switch ref.collection {
        case nil:
            var o: JSONObject = ["__typename": "User", "id": .string(ref.id)]
            for (k, v) in r.properties { o[k] = v }
            o["created_at"] = r.properties["created_at"] ?? .null
            o["updated_at"] = updated
            return .object(o)
        case RecipientRef.tenantsCollection?:
            var o: JSONObject = ["__typename": "Tenant", "id": .string(ref.id)]
            for (k, v) in r.properties { o[k] = v }
            o["created_at"] = created
            o["updated_at"] = updated
            return .object(o)
        case let collection?:
            return ["__typename": "Object", "id": .string(ref.id), "collection": .string(collection),
                    "properties": .object(r.properties), "created_at": created, "updated_at": updated]
        }
    }

    /// Adds (or updates) a subscription of `recipient` to `object`.
    public func subscribe(_ recipient: RecipientRef, to object: RecipientRef, properties: JSON = .null, now: Date = Date()) {
        lock.withLock {
            var list = subscriptions[object] ?? []
            list.removeAll { $0.0 == recipient }
            list.append((recipient, properties))
            subscriptions[object] = list
            if records[object] == nil { records[object] = Record(properties: [:], createdAt: now, updatedAt: now) }
        }
    }

    public func subscribers(of object: RecipientRef) -> [(recipient: RecipientRef, properties: JSON)] {
        lock.withLock { (subscriptions[object] ?? []).map { (recipient: $0.0, properties: $0.1) } }
    }

    /// Replaces a preference set.
    public func setPreferences(_ ref: RecipientRef, setID: String = "default", _ set: JSON) {
        lock.withLock { preferences[ref, default: [:]][setID] = set }
    }

    public func preferenceSets(for ref: RecipientRef) -> [String: JSON] {
        lock.withLock { preferences[ref] ?? [:] }
    }

    /// Replaces the recipient's channel data `data` for a channel.
    public func setChannelData(_ ref: RecipientRef, channelID: UUID, _ data: JSON) {
        lock.withLock { channelData[ref, default: [:]][UUIDText.lowercased(channelID)] = data }
    }

    public func channelData(for ref: RecipientRef, channelID: UUID) -> JSON? {
        lock.withLock { channelData[ref]?[UUIDText.lowercased(channelID)] }
    }
}
