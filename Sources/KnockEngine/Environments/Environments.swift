import Foundation
import KnockCore

/// Creates, finds and deletes environments. Keys are cached in memory so authenticating a
/// request costs a dictionary lookup, not a query.
///
/// ```swift
/// let env = try engine.environments.create(name: "ci", secretKey: "sk_test_ci")
/// engine.environments.find(key: "sk_test_ci")      // (env, .secret)
/// try engine.environments.delete(id: env.id)
/// ```
public final class Environments: @unchecked Sendable {
    public enum KeyKind: Sendable, Equatable { case secret, publishable }

    let store: Store
    private let lock = NSLock()
    private var byKey: [String: (Environment, KeyKind)] = [:]
    private var byID: [String: Environment] = [:]
    /// Called after an environment's rows are deleted, so in-memory state (clocks, timers) can go too.
    public var onDelete: [@Sendable (Environment) -> Void] = []

    init(store: Store) throws(EngineError) {
        self.store = store
        let all = try storing {
            try store.read { db in
                try db.query("SELECT seq, id, name, secret_key, publishable_key, settings, created_at FROM environments ORDER BY seq") { row in
                    Environment(
                        rowID: row.int(0), id: row.text(1), name: row.text(2), secretKey: row.text(3),
                        publishableKey: row.text(4),
                        settings: EnvironmentSettings(json: (try? JSON.parse(row.text(5))) ?? [:]),
                        createdAt: Timestamp(microseconds: row.int(6)))
                }
            }
        }
        for env in all { remember(env) }
    }

    private func remember(_ env: Environment) {
        byKey[env.secretKey] = (env, .secret)
        byKey[env.publishableKey] = (env, .publishable)
        byID[env.id] = env
    }

    /// The environment a bearer key belongs to, and which kind of key it is.
    public func find(key: String) -> (Environment, KeyKind)? {
        lock.lock(); defer { lock.unlock() }
        return byKey[key]
    }

    public func find(id: String) -> Environment? {
        lock.lock(); defer { lock.unlock() }
        return byID[id]
    }

    /// Every environment, oldest first.
    public var all: [Environment] {
        lock.lock(); defer { lock.unlock() }
        return byID.values.sorted { $0.rowID < $1.rowID }
    }

    /// Creates an environment. Keys are generated unless given; a key already in use is a 422.
    @discardableResult
    public func create(name: String? = nil, secretKey: String? = nil, publishableKey: String? = nil,
                       settings: EnvironmentSettings = EnvironmentSettings()) throws(EngineError) -> Environment {
        let sk = secretKey ?? Identifiers.key(prefix: "sk_test_")
        let pk = publishableKey ?? Identifiers.key(prefix: "pk_test_")
        if sk.isEmpty { throw .invalid("secret_key", "must not be empty") }
        if pk.isEmpty { throw .invalid("publishable_key", "must not be empty") }
        if sk == pk { throw .invalid("publishable_key", "must differ from the secret key") }
        lock.lock(); defer { lock.unlock() }
        if byKey[sk] != nil { throw .invalid("secret_key", "is already used by another environment") }
        if byKey[pk] != nil { throw .invalid("publishable_key", "is already used by another environment") }
        let id = Identifiers.uuid()
        let name = name ?? "environment-\(byID.count + 1)"
        let now = Timestamp.now()
        let rowID = try storing {
            try store.write { db in
                try db.run("INSERT INTO environments(id, name, secret_key, publishable_key, settings, created_at) VALUES(?,?,?,?,?,?)",
                           [.text(id), .text(name), .text(sk), .text(pk), .text(settings.json.serialized()), .int(now.microseconds)])
                return db.lastInsertRowID
            }
        }
        let env = Environment(rowID: rowID, id: id, name: name, secretKey: sk, publishableKey: pk, settings: settings, createdAt: now)
        remember(env)
        return env
    }

    /// Replaces an environment's settings (enhanced security, signing key, ...).
    @discardableResult
    public func update(id: String, _ change: (inout EnvironmentSettings) -> Void) throws(EngineError) -> Environment {
        lock.lock(); defer { lock.unlock() }
        guard var env = byID[id] else { throw .notFound("environment", id: id) }
        change(&env.settings)
        let settings = env.settings
        try storing {
            try store.write { db in
                try db.run("UPDATE environments SET settings = ? WHERE seq = ?", [.text(settings.json.serialized()), .int(env.rowID)])
            }
        }
        remember(env)
        return env
    }

    /// Deletes an environment and every row it owns.
    public func delete(id: String) throws(EngineError) {
        lock.lock()
        guard let env = byID[id] else { lock.unlock(); throw .notFound("environment", id: id) }
        byID[id] = nil
        byKey[env.secretKey] = nil
        byKey[env.publishableKey] = nil
        lock.unlock()
        try storing {
            try store.write { db in
                for table in Schema.environmentTables {
                    try db.run("DELETE FROM \(table) WHERE env = ?", [.int(env.rowID)])
                }
                try db.run("DELETE FROM environments WHERE seq = ?", [.int(env.rowID)])
            }
        }
        for hook in onDelete { hook(env) }
    }
}
