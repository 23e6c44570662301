import Foundation
import KnockAPI
import KnockCommands
import KnockScript
import Testing
@testable import knocksh

/// `--rate-limits`: the embedded engine enforces Knock's tiers and the client's retries absorb the
/// 429s. The limiter's clock is stepped by the test (half a second per rate-limited request), so
/// how many requests are refused depends on the requests alone, never on the machine's speed.
@Suite struct RateLimitTests {
    /// The limiter's time: `step` seconds later at every request it times.
    final class SteppingClock: @unchecked Sendable {
        let step: Double
        private let reads = Counter()
        init(step: Double) { self.step = step }
        /// Requests the limiter has timed so far.
        var requests: Int { reads.value }
        var now: @Sendable () -> Double { { [self] in 1_700_000_000 + Double(reads.next() - 1) * step } }
    }

    /// Runs `script` against a fresh in-process engine (with or without rate limits) on a thread
    /// of its own, the way one test of `knocksh run` does; answers the run and the requests the
    /// limiter timed.
    static func run(_ script: String, rateLimits: Bool, retries: Bool = true) async -> (run: APIScriptRun, timed: Int) {
        await offPool {
            let clock = SteppingClock(step: 0.5)
            let target = LocalEngineTarget(launcher: InProcessEngine(rateLimits: rateLimits, rateLimitClock: clock.now),
                                           workflowsDirectory: nil)
            defer { target.shutdown() }
            let opened: APISession
            do {
                opened = try target.openSession(for: TestCase(file: "rate-limits.knock", name: "burst", line: 1, index: 0))
            } catch {
                return (APIScriptRun(output: "", status: .errored, error: ScriptError.runtime("\(error)"), seconds: 0), 0)
            }
            let session = retries ? opened : APISession(client: opened.client.with { $0.retry = .none }, environmentID: opened.environmentID)
            let run = runAPIScriptBlocking(script, session: session)
            return (run, clock.requests)
        }
    }

    /// Three tier-1 calls (one a second): at t=0 the first passes; at t=0.5 the second is refused
    /// with retry-after 1 and passes at t=1.0 when the client tries again; the third likewise.
    /// So the engine sees 5 requests for 3 commands, and the script sees no error.
    @Test func aTier1BurstIsRefusedThenRetriedUntilEveryCallSucceeds() async throws {
        let (run, timed) = await Self.run("""
            for i in 1..3 { users bulk-identify {users: [{id: "batch-$i", name: "Batch $i"}]} }
            """, rateLimits: true)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        #expect(timed == 5)
    }

    /// With retries off, the refusal itself is what the script sees: Knock's 429 body.
    @Test func theRefusalIsKnocksRateLimitError() async throws {
        let (run, timed) = await Self.run("""
            users bulk-identify {users: [{id: "a"}]}
            try { users bulk-identify {users: [{id: "b"}]} } catch $e {
              expect $e.status == 429 and $e.code == "rate_limit_exceeded"
              print "refused"
            }
            """, rateLimits: true, retries: false)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        #expect(run.output == "refused\n")
        #expect(timed == 2)
    }

    /// Without the flag the limiter is never consulted, however many calls come.
    @Test func withoutTheFlagNothingIsLimited() async throws {
        let (run, timed) = await Self.run("for i in 1..3 { users bulk-identify {users: [{id: \"b$i\"}]} }",
                                          rateLimits: false, retries: false)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        #expect(timed == 0)
    }

    @Test func theFlagIsForTheEmbeddedEngineOnly() async throws {
        let r = try await runKnocksh(["-c", "print 1", "--rate-limits", "--api-url", "http://127.0.0.1:1"],
                                     environment: ["KNOCK_API_KEY": "sk_test_0123456789abcdef"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--rate-limits is for the embedded engine"))
    }

    /// The cookbook recipe through the binary with the wall clock: every call succeeds.
    @Test func theRecipePassesWithRateLimits() async throws {
        let r = try await runKnocksh(["run", packageRoot + "/recipes/rate-limits.knock", "--rate-limits", "--json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\"event\":\"run_finished\",\"passed\":2,\"failed\":0"), "\(r.stdout)")
    }
}
