import Foundation
import KnockCore
import Testing
import TestSupport

/// The knocksh binary: targets from the command line, the production guard, redaction in
/// every report.
@Suite(.serialized) struct CLITests {
    static let key = "sk_test_Zx81cQp0LmNa77tT"

    @Test func aRecipeThatPrintsTheKeyShowsRedactedInEveryReport() async throws {
        let dir = try temporaryDirectory([
            "leak.knock": """
                test "prints" { print $env.KNOCK_API_KEY; show {auth: "Bearer " + $env.KNOCK_API_KEY} }
                test "fails" { fail ("the key is " + $env.KNOCK_API_KEY) }
                """,
        ])
        let env = ["KNOCK_API_KEY": Self.key]
        let junit = dir + "/report.xml"
        let console = try await runKnocksh(["run", dir, "--junit", junit, "--api-url", "http://127.0.0.1:1"], environment: env)
        #expect(console.status == 1)
        #expect(console.stdout.contains("[redacted]"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("[redacted]"))
        let json = try await runKnocksh(["run", dir, "--json"], environment: env)
        #expect(json.stdout.contains("[redacted]"))
        let tap = try await runKnocksh(["run", dir, "--tap"], environment: env)
        let script = try await runKnocksh(["-c", "print $env.KNOCK_API_KEY; fail $env.KNOCK_API_KEY"], environment: env)
        #expect(script.stdout.contains("[redacted]") && script.stderr.contains("[redacted]"))
        for text in [console.stdout, console.stderr, xml, json.stdout, tap.stdout, script.stdout, script.stderr] {
            #expect(!text.contains("Zx81cQp0LmNa77tT"), "\(text)")
        }
    }

    @Test func serveHelpListsTheEngineOptionsOnceAndNoScriptOptions() async throws {
        let serve = try await runKnocksh(["serve", "--help"])
        #expect(serve.status == 0)
        for option in ["--workflows <DIR>", "--rate-limits", "--port <port>", "--admin-token"] {
            #expect(serve.stdout.components(separatedBy: "  \(option)").count == 2, "\(option) listed once:\n\(serve.stdout)")
        }
        for rootOnly in ["--api-url", "--var", "--color", "-c <SCRIPT>"] {
            #expect(!serve.stdout.contains(rootOnly), "\(rootOnly) is not serve's")
        }
        let root = try await runKnocksh(["--help"])
        #expect(root.stdout.components(separatedBy: "  --workflows <DIR>").count == 2, "listed once:\n\(root.stdout)")
        #expect(!root.stdout.contains("--admin-token"))
    }

    @Test func apiURLNeedsTheKeyFromTheEnvironment() async throws {
        let r = try await runKnocksh(["-c", "print 1", "--api-url", "https://api.knock.app"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("KNOCK_API_KEY"))
    }

    @Test func productionIsRefusedUnlessAllowed() async throws {
        let env = ["KNOCK_API_KEY": Self.key, "KNOCK_ENVIRONMENT": "production"]
        let refused = try await runKnocksh(["-c", "print 1", "--api-url", "http://127.0.0.1:1"], environment: env)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("refusing to run against a production Knock environment"))
        #expect(!refused.stderr.contains(Self.key))
        let allowed = try await runKnocksh(["-c", "print 1", "--api-url", "http://127.0.0.1:1", "--allow-production"], environment: env)
        #expect(allowed.status == 0)
        let byURL = try await runKnocksh(["run", ".", "--api-url", "https://prod.knock-proxy.example"], environment: ["KNOCK_API_KEY": Self.key], directory: NSTemporaryDirectory())
        #expect(byURL.status == 64)
    }

    @Test func localEngineCommandsRefuseWithAPIURL() async throws {
        let r = try await runKnocksh(["-c", "clock advance 10m", "--api-url", "http://127.0.0.1:1"], environment: ["KNOCK_API_KEY": Self.key])
        #expect(r.status == 2)
        #expect(r.stderr.contains("clock advance is a local engine command"))
    }

    @Test func runUsesAFreshEngineEnvironmentPerTest() async throws {
        let (fake, _) = try TargetTests.engine()
        defer { fake.stop() }
        let dir = try temporaryDirectory([
            "a.knock": "test \"one\" { print (users get u1).key }\ntest \"two\" { print (users get u1).key }",
        ])
        let r = try await runKnocksh(["run", dir, "--json"], environment: ["KNOCKSH_ENGINE_URL": fake.baseURL])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        // The keys were printed, and redacted: they are the run's secrets.
        #expect(r.stdout.contains("Bearer [redacted]"))
        #expect(!r.stdout.contains("sk_env"))
        #expect(fake.requests.filter { $0.method == "DELETE" }.count == 2)
    }

    @Test func aScriptThatNeverCallsTheAPINeverStartsTheEngine() async throws {
        let pure = try await runKnocksh(["-c", "print (1 + 2)"])
        #expect(pure.status == 0 && pure.stdout == "3\n")
    }
}
