import Foundation
import TestSupport
import Testing

/// The embedded engine is reached in process by default and over loopback HTTP with
/// `KNOCKSH_ENGINE_TRANSPORT=http`; a recipe passes both ways. Which way a run went shows in a
/// bulk operation's `progress_path`, which the engine builds from the address it is reached at.
@Suite(.serialized) struct EngineTransportTests {
    static let recipe = """
        test "identify, read back, bulk" {
          users identify u1 {name: "Ada", email: "ada@example.com"}
          expect (users get u1).name == "Ada"
          expect error 404 { users get nobody }
          let op = users bulk-identify {users: [{id: "u2", name: "Bo"}]}
          print $op.progress_path
        }
        """

    @Test func aRecipePassesInProcessByDefault() async throws {
        let dir = try temporaryDirectory(["transport.knock": Self.recipe])
        let r = try await runKnocksh(["run", dir, "--color", "never"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("inprocess://knocksh-engine/v1/bulk_operations/"), "\(r.stdout)")
    }

    @Test func aRecipePassesOverLoopbackHTTPWhenAsked() async throws {
        let dir = try temporaryDirectory(["transport.knock": Self.recipe])
        let r = try await runKnocksh(["run", dir, "--color", "never"], environment: ["KNOCKSH_ENGINE_TRANSPORT": "http"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("http://127.0.0.1:"), "\(r.stdout)")
        #expect(!r.stdout.contains("inprocess://"))
    }

    @Test func anUnknownTransportIsReportedAtTheFirstAPICall() async throws {
        let pure = try await runKnocksh(["-c", "print 1"], environment: ["KNOCKSH_ENGINE_TRANSPORT": "pigeon"])
        #expect(pure.status == 0, "a script that never calls the API never starts the engine")
        let r = try await runKnocksh(["-c", "users get u1"], environment: ["KNOCKSH_ENGINE_TRANSPORT": "pigeon"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("KNOCKSH_ENGINE_TRANSPORT must be direct or http, not 'pigeon'"), "\(r.stderr)")
    }
}
