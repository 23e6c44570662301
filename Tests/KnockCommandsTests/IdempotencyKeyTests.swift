import Foundation
import KnockAPI
import KnockCommands
import KnockCore
import KnockScript
import Testing

/// `workflows trigger KEY --idempotency-key K`: the key goes out as the `Idempotency-Key` header
/// (the same one on every retry), other commands refuse the option, and against the embedded
/// engine a repeated key answers the first run instead of triggering again.
@Suite struct IdempotencyKeyTests {
    @Test func theKeyIsSentAsTheHeaderAndNotInTheBody() async throws {
        let fake = try FakeKnock { _ in .json(["workflow_run_id": "run_1"]) }
        defer { fake.stop() }
        let run = await runAPIScript("""
            let r = workflows trigger welcome --idempotency-key signup-ada {recipients: ["ada"]}
            expect $r.workflow_run_id == "run_1"
            workflows trigger welcome --idempotency_key 42 {recipients: ["ada"]}
            workflows trigger welcome {recipients: ["ada"]}
            workflows trigger welcome {recipients: ["ada"]}
            """, baseURL: fake.baseURL)
        #expect(run.status == .passed, "\(String(describing: run.error))")
        let r = fake.requests
        try #require(r.count == 4)
        #expect(r[0].header("Idempotency-Key") == "signup-ada")
        #expect(r[0].body == ["recipients": ["ada"]])
        #expect(r[1].header("Idempotency-Key") == "42")
        // Without the option each trigger still carries a key of its own (random, for retries).
        let generated = [r[2].header("Idempotency-Key"), r[3].header("Idempotency-Key")]
        #expect(generated.allSatisfy { ($0?.count ?? 0) == 36 })
        #expect(generated[0] != generated[1])
    }

    @Test func everyRetryCarriesTheGivenKey() async throws {
        let answered = Counter()
        let fake = try FakeKnock { _ in
            answered.next() == 1 ? .error(503, "api_error") : .json(["workflow_run_id": "run_1"])
        }
        defer { fake.stop() }
        let client = KnockClient(configuration: {
            var c = KnockClientConfiguration(baseURL: fake.baseURL, apiKey: "sk_test_fake_0123456789", isLocalEngine: true)
            c.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), jitter: 0)
            return c
        }())
        defer { try? client.syncShutdown() }
        let run = await runAPIScript("workflows trigger welcome --idempotency-key k-1 {recipients: [\"ada\"]}",
                                     session: APISession(client: client, environmentID: "env_1"))
        #expect(run.status == .passed, "\(String(describing: run.error))")
        #expect(fake.requests.map { $0.header("Idempotency-Key") } == ["k-1", "k-1"])
    }

    @Test func onlyTriggersTakeANonEmptyKey() async throws {
        let fake = try FakeKnock { _ in .json([:]) }
        defer { fake.stop() }
        let other = await runAPIScript("users identify u1 --idempotency-key k {name: \"Ada\"}", baseURL: fake.baseURL)
        #expect(other.status == .errored)
        #expect(other.error?.message == "users identify: --idempotency-key only applies to workflows trigger")
        let empty = await runAPIScript("workflows trigger welcome --idempotency-key \"\" {recipients: [\"ada\"]}", baseURL: fake.baseURL)
        #expect(empty.error?.message == "workflows trigger: --idempotency-key expects a non-empty string, got string")
        #expect(fake.requests.isEmpty)
    }

    @Test func helpAndUsageMentionTheOption() {
        let trigger = Catalog.endpoint("workflows", "trigger")!
        #expect(CatalogCommand(trigger).usage.hasSuffix("[--idempotency-key KEY]"))
        #expect(HelpRenderer().describe(trigger).contains("--idempotency-key KEY is sent as the Idempotency-Key header"))
        #expect(!CatalogCommand(Catalog.endpoint("workflows", "cancel")!).usage.contains("idempotency"))
    }

    /// The cookbook recipe against the embedded engine (the real binary): the same key gives the
    /// same run and one set of messages; a new key runs again; another body with a used key is a 422.
    @Test func theRecipePassesOnTheEmbeddedEngine() async throws {
        let r = try await runKnocksh(["run", packageRoot + "/recipes/idempotent-triggers.knock", "--json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\"event\":\"run_finished\",\"passed\":2,\"failed\":0"), "\(r.stdout)")
    }
}

