import Foundation
import KnockCore

/// The runtime's `RecipientDirectory` over the engine's SQLite store: identify, lookups,
/// subscriptions, preference sets and channel data of one environment, through the same code
/// the recipient endpoints use (so inline identification merges exactly as `PUT /v1/users/{id}`).
///
/// ```swift
/// let directory = EngineRecipientDirectory(engine: engine, environment: env)
/// directory.recipient(.user("u1"))   // the User JSON the API answers
/// ```
public final class EngineRecipientDirectory: RecipientDirectory, @unchecked Sendable {
    let engine: Engine
    let env: Environment

    public init(engine: Engine, environment: Environment) {
        self.engine = engine
        self.env = environment
    }

    /// The environment's `timezone` setting as stored now (the admin API may change it).
    public var defaultTimeZone: TimeZone { engine.currentSettings(env).defaultTimeZone }

    public func identify(_ ref: RecipientRef, properties: JSONObject, now: Date) {
        // Refusals (bad inline channel data, say) leave the recipient as it was; the run goes on as Knock's does.
        switch ref.collection {
        case nil: _ = try? engine.identifyUser(env, id: ref.id, body: .object(properties))
        case RecipientRef.tenantsCollection?: _ = try? engine.setTenant(env, id: ref.id, body: .object(properties))
        case let c?: _ = try? engine.setObject(env, collection: c, id: ref.id, body: .object(properties))
        }
    }

    /// Users in one transaction (one fsync with `--db` instead of one per recipient), each under
    /// a savepoint so a refused one is undone alone; objects and tenants one by one.
    public func identify(_ batch: [(ref: RecipientRef, properties: JSONObject)], now: Date) {
        let users = batch.filter { $0.ref.isUser }
        if !users.isEmpty {
            let stamp = engine.now(env)
            engine.store.write { db in
                for item in users {
                    try? db.execute("SAVEPOINT inline_identify")
                    do {
                        _ = try UserRows.identify(db, engine, env, id: item.ref.id, body: item.properties, now: stamp)
                    } catch {
                        try? db.execute("ROLLBACK TO inline_identify")
                    }
                    try? db.execute("RELEASE inline_identify")
                }
            }
        }
        for item in batch where !item.ref.isUser { identify(item.ref, properties: item.properties, now: now) }
    }

    public func recipient(_ ref: RecipientRef) -> JSON? {
        switch ref.collection {
        case nil: return try? engine.getUser(env, id: ref.id)
        case RecipientRef.tenantsCollection?: return try? engine.getTenant(env, id: ref.id)
        case let c?: return try? engine.getObject(env, collection: c, id: ref.id)
        }
    }

    public func subscribers(of object: RecipientRef) -> [(recipient: RecipientRef, properties: JSON)] {
        let collection = object.collection ?? RecipientKey.usersCollection
        let rows = try? engine.store.read { db throws(StoreError) in
            try db.query("SELECT recipient_collection, recipient_id, properties FROM subscriptions WHERE env = ? AND object_collection = ? AND object_id = ? ORDER BY seq",
                         [.int(env.rowID), .text(collection), .text(object.id)]) { row in
                (row.text(0), row.text(1), row.optionalText(2))
            }
        }
        return (rows ?? []).map { c, id, props in
            (RecipientRef(collection: c == RecipientKey.usersCollection ? nil : c, id: id), props.flatMap { try? JSON.parse($0) } ?? .null)
        }
    }

    public func preferenceSets(for ref: RecipientRef) -> [String: JSON] {
        let key = Self.key(ref)
        let rows = try? engine.store.read { db throws(StoreError) in
            try db.query("SELECT set_id, doc FROM preference_sets WHERE env = ? AND collection = ? AND recipient_id = ?",
                         [.int(env.rowID), .text(key.collection), .text(key.id)]) { row in (row.text(0), row.text(1)) }
        }
        var out: [String: JSON] = [:]
        for (set, doc) in rows ?? [] { out[set] = (try? JSON.parse(doc)) ?? [:] }
        return out
    }

    /// Two queries over the ids as a JSON array (`json_each`), whatever their number.
    public func users(ids: [String]) -> [String: PrefetchedUser] {
        let list = SQLValue.text(JSON.array(ids.map(JSON.string)).serialized())
        let rows = try? engine.store.read { db throws(StoreError) in
            let users = try db.query("SELECT id, doc, updated_at FROM users WHERE env = ? AND id IN (SELECT value FROM json_each(?))",
                                     [.int(env.rowID), list]) { row in (row.text(0), row.text(1), row.int(2)) }
            let sets = try db.query("""
                SELECT recipient_id, set_id, doc FROM preference_sets
                WHERE env = ? AND collection = ? AND recipient_id IN (SELECT value FROM json_each(?))
                """, [.int(env.rowID), .text(RecipientKey.usersCollection), list]) { row in (row.text(0), row.text(1), row.text(2)) }
            return (users, sets)
        }
        guard let (users, sets) = rows else { return [:] }
        var found: [String: PrefetchedUser] = [:]
        found.reserveCapacity(users.count)
        for (id, doc, updatedAt) in users {
            found[id] = PrefetchedUser(user: UserRows.render(id: id, doc: doc, updatedAt: updatedAt), preferenceSets: [:])
        }
        for (id, set, doc) in sets { found[id]?.preferenceSets[set] = (try? JSON.parse(doc)) ?? [:] }
        return found
    }

    public func channelData(for ref: RecipientRef, channelID: UUID) -> JSON? {
        let key = Self.key(ref)
        let id = UUIDText.lowercased(channelID)
        // Two primary-key probes (stored ids may be either case): `channel_id IN (?, ?)` built an
        // ephemeral table per lookup, once per recipient and channel step of a fan-out.
        let text = try? engine.store.read { db throws(StoreError) -> String? in
            for channel in [id, id.uppercased()] {
                if let data = try db.first("SELECT data FROM channel_data WHERE env = ? AND collection = ? AND recipient_id = ? AND channel_id = ?",
                                           [.int(env.rowID), .text(key.collection), .text(key.id), .text(channel)], { $0.text(0) }) {
                    return data
                }
            }
            return nil
        }
        return text.flatMap { $0 }.flatMap { try? JSON.parse($0) }
    }

    static func key(_ ref: RecipientRef) -> RecipientKey {
        RecipientKey(collection: ref.collection ?? RecipientKey.usersCollection, id: ref.id)
    }
}
