import Foundation
import KnockEngine

/// Knock's rate-limit tiers (semantics §7.3) as token buckets, enforced only with `--rate-limits`.
/// Buckets are per environment and tier, or per environment, tier and user for user tokens.
///
/// ```swift
/// let limiter = RateLimiter()
/// limiter.take(key: "env1|3", tier: 3, now: 0)   // nil: allowed
/// // ... 60 more in the same second ...
/// limiter.take(key: "env1|3", tier: 3, now: 0)   // 0.0166…: seconds until a token is back
/// ```
final class RateLimiter: @unchecked Sendable {
    /// Requests per second by tier.
    static let rates: [Int: Double] = [1: 1, 2: 5, 3: 60, 4: 200, 5: 1_000]

    private struct Bucket { var tokens: Double; var last: Double }
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]

    /// Takes a token; nil when allowed, else the seconds to wait.
    func take(key: String, tier: Int, now: Double) -> Double? {
        guard let rate = RateLimiter.rates[tier] else { return nil }
        lock.lock(); defer { lock.unlock() }
        var b = buckets[key] ?? Bucket(tokens: rate, last: now)
        b.tokens = min(rate, b.tokens + (now - b.last) * rate)
        b.last = now
        if b.tokens >= 1 {
            b.tokens -= 1
            buckets[key] = b
            return nil
        }
        buckets[key] = b
        return (1 - b.tokens) / rate
    }
}

import KnockAPI

extension RateLimiter {
    /// The endpoint's tier: the catalog's when it has one, else the rule from semantics §7.3.
    static func tier(for endpoint: Endpoint) -> Int {
        if let t = endpoint.rateTier { return t }
        if endpoint.path.contains("/bulk/") && endpoint.section != "messages" { return 1 }
        switch endpoint.id {
        case "workflows trigger", "workflows cancel": return 5
        case "users delete", "users merge", "tenants delete", "feeds get", "messages bulk-channel-status": return 2
        case "messages events", "messages delivery-logs": return 3
        default: break
        }
        if endpoint.section == "slack" { return 2 }
        return endpoint.method == .get ? 4 : 3
    }
}
