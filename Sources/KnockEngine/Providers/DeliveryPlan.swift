import Foundation

/// How many attempts a delivery gets and whether retries happen now or on the clock.
///
/// Knock retries failed sends up to 8 attempts over about 30 minutes (§4.2). The default
/// (`.immediate`) runs the attempts back to back, as §9 suggests ("simulate attempt counters without
/// waiting"); `.scheduled` stops after a retryable failure with `outcome.retry` for the runtime's clock.
///
/// ```swift
/// var plan = DeliveryPlan()                 // 8 attempts, immediate retries
/// plan.retries = .scheduled                 // leave the message delivery_attempted, retry later
/// let next = provider.deliver(request, plan: plan.resuming(outcome.retry!))
/// ```
public struct DeliveryPlan: Sendable, Hashable {
    public enum Retries: String, Sendable, Hashable { case immediate, scheduled }
    public var maxAttempts: Int
    public var retries: Retries
    /// Delay before attempt 2, 3, ...; the last value repeats. Sums to just under 30 minutes for 8 attempts.
    public var backoff: [TimeInterval]
    /// Set when this call continues a delivery that left `PendingRetry` behind.
    public var resume: PendingRetry?

    public static let knockBackoff: [TimeInterval] = [15, 30, 60, 120, 240, 480, 840]

    public init(maxAttempts: Int = 8, retries: Retries = .immediate, backoff: [TimeInterval] = DeliveryPlan.knockBackoff,
                resume: PendingRetry? = nil) {
        self.maxAttempts = max(1, maxAttempts)
        self.retries = retries
        self.backoff = backoff
        self.resume = resume
    }

    /// This plan, continuing `retry`.
    public func resuming(_ retry: PendingRetry) -> DeliveryPlan {
        var p = self
        p.resume = retry
        return p
    }

    /// Seconds to wait before attempt `n` (n ≥ 2).
    public func delay(beforeAttempt n: Int) -> TimeInterval {
        guard !backoff.isEmpty else { return 0 }
        return backoff[min(max(n - 2, 0), backoff.count - 1)]
    }
}
