import Foundation
import KnockAPI
import Testing
import TestSupport

/// Every catalog entry is sent, as its script command, to the embedded engine (the real
/// `knocksh` binary starting it in-process) and must be served: any answer but "no route" or
/// "not implemented yet" counts, a 404 for the placeholder ids included. Entries the engine
/// does not serve yet are listed in `knownGaps`, so the gap stays visible; the test also fails
/// when a listed gap gets served, so the list never goes stale.
@Suite(.serialized) struct EngineCoverageTests {
    static let knownGaps: Set<String> = []

    /// Each entry as its command, then each alias path (no command of its own) through `http`.
    static func script() -> String {
        let commands = Catalog.endpoints.map { e in (e.id, CatalogCommandCoverageTests.invocation(e)) }
        let aliases = Catalog.endpoints.flatMap { e in
            e.aliasPaths.map { path in
                var concrete = path
                for (i, name) in e.pathParameters.enumerated() { concrete = concrete.replacingOccurrences(of: "{\(name)}", with: "p\(i + 1)") }
                return ("\(e.id) alias \(path)", "http \(e.method.rawValue) \"\(concrete)\"")
            }
        }
        return (commands + aliases).map { id, command in
            """
            try { \(command) } catch $e {
              if $e.kind != "api" { print "ERROR \(id):" $e.kind $e.message }
              else if $e.message contains "not implemented by the local engine" or $e.message contains "No route for" { print "GAP \(id)" }
            }
            """
        }.joined(separator: "\n")
    }

    @Test func everyCatalogEntryIsServedByTheEmbeddedEngine() async throws {
        let r = try await runKnocksh(["-c", Self.script()], directory: NSTemporaryDirectoryPath())
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("ERROR") }.isEmpty, "\(lines)")
        let gaps = Set(lines.filter { $0.hasPrefix("GAP ") }.map { String($0.dropFirst(4)) })
        #expect(gaps.subtracting(Self.knownGaps).isEmpty, "not served by the engine: \(gaps.subtracting(Self.knownGaps).sorted())")
        #expect(Self.knownGaps.subtracting(gaps).isEmpty, "served now, drop from knownGaps: \(Self.knownGaps.subtracting(gaps).sorted())")
    }

    @Test func aRecipeRunsAgainstTheEmbeddedEngineWithAFreshEnvironmentPerTest() async throws {
        let dir = try temporaryDirectory([
            "users.knock": """
                test "one" {
                  users identify u1 {name: "Ada"}
                  expect (users get u1).name == "Ada"
                  expect error 404 { users get nope }
                  try { users get nope } catch $e { expect $e.code == "resource_missing" }
                  let before = clock now
                  clock advance 10m
                  print "ok"
                }
                test "two" {
                  # A fresh environment: test one's user is not here.
                  expect error 404 { users get u1 }
                  expect (users list --all).entries == []
                }
                """,
        ])
        let r = try await runKnocksh(["run", dir, "--json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\"passed\":2"))
    }

    @Test func waitsAgainstTheEngineReturnAndFailFastOnABounce() async throws {
        let script = """
            users identify u1 {name: "Ada", email: "ada@example.com"}
            let run = workflows trigger welcome {recipients: ["u1"], data: {workspace_name: "Acme"}}
            let msg = wait message --recipient u1 --workflow welcome --channel-type email --status delivered within 5s
            let runs = wait run $run.workflow_run_id within 5s
            print $msg.status ($runs | map status) (outbox --channel-type email | len)
            channels fail-next postmark --outcome bounced
            let again = workflows trigger welcome {recipients: ["u1"], data: {workspace_name: "Acme"}}
            wait message --recipient u1 --channel-type email --status delivered --run $again.workflow_run_id within 5s
            """
        let r = try await runKnocksh(["-c", script, "--workflows", packageRoot + "/recipes/workflows"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout == "delivered [\"completed\"] 1\n")
        #expect(r.stderr.contains("the message reached bounced, a final state, while waiting for delivered"))
        #expect(r.stderr.contains("events: message.bounced"))
        #expect(r.stderr.contains("delivery log: POST api.postmarkapp.com/email"))
    }
}

func NSTemporaryDirectoryPath() -> String { FileManager.default.temporaryDirectory.path }
