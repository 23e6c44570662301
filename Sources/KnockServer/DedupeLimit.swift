import Foundation

/// Knock's batch/bulk dedupe limit (semantics §7.3): one update per second per entity. The
/// request still succeeds; entities updated less than a second ago are left unchanged and
/// named in `x-ratelimited-<param>: id1,id2`. On only with `--rate-limits`, like the tiers.
/// Applied to `PUT /v1/schedules` (`schedule_ids`); the message batch endpoints use it for
/// `message_ids`. Bulk endpoints do not need it: their tier (1/s per environment) refuses a
/// second request within the same second before any entity is looked at.
///
/// ```swift
/// let (admitted, limited) = call.dedupe("schedule_ids", ids)
/// reply.headers += Call.ratelimitedHeader("schedule_ids", limited)
/// ```
final class DedupeLimiter: @unchecked Sendable {
    static let window = 1.0
    private let lock = NSLock()
    /// "env|param|id" → when it was last admitted.
    private var last: [String: Double] = [:]

    func split(env: Int64, param: String, ids: [String], now: Double) -> (admitted: [String], limited: [String]) {
        lock.lock(); defer { lock.unlock() }
        if last.count > 100_000 { last = last.filter { now - $0.value < Self.window } }
        var admitted: [String] = [], limited: [String] = []
        var seen = Set<String>()
        for id in ids {
            let key = "\(env)|\(param)|\(id)"
            // The same id twice in one request is one update.
            if seen.contains(id) { admitted.append(id); continue }
            if let t = last[key], now - t < Self.window { limited.append(id); continue }
            last[key] = now
            seen.insert(id)
            admitted.append(id)
        }
        return (admitted, limited)
    }
}

/// The limiter and clock a call checks against (nil on `Call` when limits are off).
struct DedupeGate: Sendable {
    let limiter: DedupeLimiter
    let now: @Sendable () -> Double
}

extension Call {
    /// Splits entity ids into those to update and those hit by the dedupe limit (none when limits are off).
    func dedupe(_ param: String, _ ids: [String]) -> (admitted: [String], limited: [String]) {
        guard let gate = dedupeGate else { return (ids, []) }
        return gate.limiter.split(env: env.rowID, param: param, ids: ids, now: gate.now())
    }

    /// `x-ratelimited-<param>` when some entities were limited.
    static func ratelimitedHeader(_ param: String, _ limited: [String]) -> [(String, String)] {
        limited.isEmpty ? [] : [("x-ratelimited-\(param)", limited.joined(separator: ","))]
    }
}
