import Foundation
import Testing
@testable import KnockAPI

@Suite struct RetryPolicyTests {
    @Test func backoffDoublesUpToTheCapWithJitterBelowIt() {
        let p = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(100), maxDelay: .milliseconds(350), jitter: 0.5)
        for _ in 0..<50 {
            let second = p.delay(beforeAttempt: 2, retryAfter: nil)
            #expect(second > .milliseconds(50) && second <= .milliseconds(100))
            let third = p.delay(beforeAttempt: 3, retryAfter: nil)
            #expect(third > .milliseconds(100) && third <= .milliseconds(200))
            let capped = p.delay(beforeAttempt: 6, retryAfter: nil)
            #expect(capped > .milliseconds(175) && capped <= .milliseconds(350))
        }
        let exact = RetryPolicy(baseDelay: .milliseconds(100), jitter: 0)
        #expect(exact.delay(beforeAttempt: 4, retryAfter: nil) == .milliseconds(400))
    }

    @Test func retryAfterIsHonouredAsGiven() {
        let p = RetryPolicy(baseDelay: .milliseconds(100))
        #expect(p.delay(beforeAttempt: 2, retryAfter: .seconds(3)) == .seconds(3))
        #expect(RetryPolicy.retryAfter(headers: [HTTPHeader("Retry-After", " 2 ")], now: 0) == .seconds(2))
        #expect(RetryPolicy.retryAfter(headers: [HTTPHeader("retry-after", "0.5")], now: 0) == .milliseconds(500))
        #expect(RetryPolicy.retryAfter(headers: [HTTPHeader("retry-after-ms", "250"), HTTPHeader("retry-after", "9")], now: 0)
            == .milliseconds(250))
        // Wed, 21 Oct 2015 07:28:00 GMT is 1445412480.
        #expect(RetryPolicy.retryAfter(headers: [HTTPHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")], now: 1445412470)
            == .seconds(10))
        #expect(RetryPolicy.retryAfter(headers: [HTTPHeader("retry-after", "soon")], now: 0) == nil)
        #expect(RetryPolicy.retryAfter(headers: [], now: 0) == nil)
    }

    @Test func whatIsRetried() {
        let p = RetryPolicy()
        #expect(p.shouldRetry(status: 429) && p.shouldRetry(status: 500) && p.shouldRetry(status: 503))
        #expect(!p.shouldRetry(status: 400) && !p.shouldRetry(status: 404) && !p.shouldRetry(status: 422))
    }
}
