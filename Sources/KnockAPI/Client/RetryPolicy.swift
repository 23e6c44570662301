/// When and how long `KnockClient` waits before trying a request again.
///
/// ```swift
/// var policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100))
/// policy.delay(beforeAttempt: 2, retryAfter: nil)           // ~100ms, jittered
/// policy.delay(beforeAttempt: 2, retryAfter: .seconds(1))   // exactly 1s
/// ```
///
/// Retried: connection failures and timeouts, 429 and every 5xx (what Knock's own SDKs retry),
/// unless the server says `x-should-retry: false`. A trigger carries one `Idempotency-Key` for
/// all its attempts, so a retry can never trigger twice.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included; 1 turns retries off.
    public var maxAttempts: Int
    /// The wait before the second attempt; it doubles for each later one.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A `retry-after` longer than this is not waited for: the error is raised at once, since a
    /// test blocked for minutes is worse than a clear rate-limit failure.
    public var maxRetryAfter: Duration
    /// The fraction of each backoff delay that is random, so parallel tests that failed together
    /// do not retry together.
    public var jitter: Double

    public init(
        maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(60), jitter: Double = 0.5
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.jitter = jitter
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    public func shouldRetry(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    /// The wait before attempt `attempt` (2 for the first retry). A server's `retry-after` is
    /// honoured as given (never shortened); otherwise exponential backoff with jitter.
    public func delay(beforeAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return max(retryAfter, .zero) }
        let exponent = max(0, attempt - 2)
        var delay = baseDelay * (1 << min(exponent, 20))
        if delay > maxDelay { delay = maxDelay }
        let spread = min(max(jitter, 0), 1)
        return delay * (1 - spread * Double.random(in: 0..<1))
    }

    /// Reads `retry-after-ms`, then `retry-after` as seconds (fractions allowed) or an HTTP date.
    public static func retryAfter(headers: [HTTPHeader], now: Double) -> Duration? {
        if let ms = headers.value(of: "retry-after-ms").flatMap(Double.init), ms >= 0 {
            return .milliseconds(ms)
        }
        guard let text = headers.value(of: "retry-after")?.trimmingSpaces() else { return nil }
        if let seconds = Double(text), seconds >= 0 { return .milliseconds(seconds * 1000) }
        if let date = HTTPDate.parse(text) { return .milliseconds(max(0, date - now) * 1000) }
        return nil
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
