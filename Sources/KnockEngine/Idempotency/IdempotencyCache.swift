import Foundation
import KnockCore

/// Remembers successful trigger responses by `Idempotency-Key` for 24 hours on the environment's
/// clock (§7.5). The same key with the same request replays the original response; the same key
/// with a different request is refused (422 [I]). Only successes are kept, so a failed request
/// can be retried with its key.
///
/// `perform` holds the cache's lock while it runs, so two concurrent requests with one key
/// cannot both trigger.
///
/// ```swift
/// let cache = IdempotencyCache()
/// let (response, replayed) = try cache.perform(key: "k1", fingerprint: "welcome:" + body, now: clock.now) {
///     try runtime.startTrigger(...)
/// }
/// ```
public final class IdempotencyCache: @unchecked Sendable {
    public static let maxKeyLength = 255
    public static let lifetime: TimeInterval = 24 * 3600

    /// One remembered response.
    public struct Stored: Sendable, Hashable {
        public var fingerprint: String
        public var response: JSON
        public var expiresAt: Date
    }
    private let lock = NSLock()
    private var entries: [String: Stored] = [:]
    /// Told about the keys remembered (with their entry) or forgotten (nil), under the cache's
    /// lock, so the runtime can save them (`RuntimePersistence`).
    private let onChange: (@Sendable ([(key: String, entry: Stored?)]) -> Void)?

    public init(onChange: (@Sendable ([(key: String, entry: Stored?)]) -> Void)? = nil) {
        self.onChange = onChange
    }

    /// Puts back entries saved before a restart (expired ones are left out).
    public func restore(_ saved: [String: Stored], now: Date) {
        lock.withLock { for (k, v) in saved where v.expiresAt > now { entries[k] = v } }
    }

    /// Runs `body` unless `key` already holds a live response; returns the response and whether it was replayed.
    public func perform(key: String, fingerprint: String, now: Date, _ body: () throws(EngineError) -> JSON) throws(EngineError) -> (JSON, Bool) {
        guard !key.isEmpty, key.count <= Self.maxKeyLength else {
            throw EngineError.invalid("Idempotency-Key", "must be 1–\(Self.maxKeyLength) characters", type: "length")
        }
        lock.lock()
        defer { lock.unlock() }
        if let s = entries[key], s.expiresAt > now {
            guard s.fingerprint == fingerprint else {
                throw EngineError(.invalid, code: "invalid_params",
                                    message: "Idempotency-Key \"\(key)\" was already used with different request parameters.",
                                    fields: [.init(field: "Idempotency-Key", message: "was already used with different request parameters", type: "conflict")])
            }
            return (s.response, true)
        }
        let response = try body()
        let stored = Stored(fingerprint: fingerprint, response: response, expiresAt: now.addingTimeInterval(Self.lifetime))
        entries[key] = stored
        onChange?([(key, stored)])
        return (response, false)
    }

    /// Forgets expired keys (the clock calls this when it advances).
    public func prune(now: Date) {
        lock.withLock {
            let expired = entries.filter { $0.value.expiresAt <= now }.map(\.key)
            guard !expired.isEmpty else { return }
            for key in expired { entries.removeValue(forKey: key) }
            onChange?(expired.map { ($0, nil) })
        }
    }

    public var count: Int { lock.withLock { entries.count } }
}
