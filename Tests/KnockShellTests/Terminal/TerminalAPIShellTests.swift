import Foundation
import Testing

/// The Knock API in the shell, under tmux against the real `knocksh`: the embedded engine (its
/// own environment, started by the first API command), `.last`, `.reset`, API completion, a
/// remote target from `--api-url`, `.save` naming answered ids, multi-line history entries.
extension TerminalShellTests {
    @Test func apiCommandsRunOnTheEmbeddedEngineAndLastAndResetWork() throws {
        let f = try Fixture()
        try f.start()
        f.enter(#"users identify u1 {name: "Ada"}"#)
        try f.tmux.waitFor(#""name": "Ada""#)
        f.enter("users get u1")
        let got = try f.tmux.waitUntil("the user read back") { $0.occurrences(of: #""name": "Ada""#) == 2 && $0.hasSuffix("knock>") }
        #expect(got.contains("knock> users get u1\n{\n  \"__typename\": \"User\",\n  \"id\": \"u1\",\n  \"name\": \"Ada\","))

        f.enter(".last")
        let last = try f.tmux.waitFor("HTTP 200")
        #expect(last.contains("knock> .last\nGET inprocess://knocksh-engine/v1/users/u1\n"), "the embedded engine is reached in process")
        #expect(last.contains("/v1/users/u1\n"))
        #expect(last.contains("Authorization: Bearer [REDACTED]"))

        f.enter(".reset")
        try f.tmux.waitFor("fresh environment: variables cleared")
        f.enter("users get u1")
        let missing = try f.tmux.waitFor("error: API error 404")
        #expect(missing.contains(#"error: API error 404 resource_missing: The user "u1" was not found."#))
        // The engine's keys (sk_test_…, pk_test_…) never reach the screen.
        #expect(!missing.contains("sk_test_") && !missing.contains("pk_test_"))
    }

    @Test func ctrlCStopsAnAPIWaitAndTheNextAPICommandStillRuns() throws {
        let f = try Fixture()
        try f.start()
        f.enter(#"users identify u1 {name: "Ada"}"#)
        try f.tmux.waitFor(#""name": "Ada""#)
        // Polls the engine until cancelled: no message ever arrives in this environment.
        f.enter("wait message --recipient u1 within 60s")
        try f.tmux.waitFor("knock> wait message --recipient u1 within 60s")
        usleep(300_000)   // let the wait start; the key must arrive while it polls
        f.tmux.press("C-c")
        try f.tmux.waitUntil("cancelled, back at the prompt") { $0.hasSuffix("cancelled\nknock>") }
        // The cancelled input's handle is gone: the next request is not cancelled with it.
        f.enter("users get u1")
        try f.tmux.waitFor(#""name": "Ada""#, count: 2)
        #expect(!f.tmux.screen().contains("\nEXIT="))
    }

    @Test func ctrlCAbortsAnInFlightRequestAndTheNextRequestRuns() throws {
        // A server that takes the connection and never answers: only Ctrl-C ends the request
        // (its own timeout is 30 s, far past the wait below).
        let silent = try SilentListener()
        defer { silent.close() }
        let f = try Fixture(environment: ["KNOCK_API_KEY": "sk_test_silentserver0123456789"])
        try f.start(arguments: "--api-url http://127.0.0.1:\(silent.port)")
        f.enter("users get u1")
        try f.tmux.waitFor("knock> users get u1")
        usleep(300_000)   // let the request go out; the key must arrive while it waits
        f.tmux.press("C-c")
        try f.tmux.waitUntil("cancelled, back at the prompt") { $0.hasSuffix("cancelled\nknock>") }
        // Each input gets a fresh cancel handle: the next request is not cancelled at once.
        f.enter(".target local")
        try f.tmux.waitFor("target: local engine (local)")
        f.enter(#"users identify u1 {name: "Ada"}"#)
        try f.tmux.waitFor(#""name": "Ada""#)
    }

    @Test func tabCompletesATwoWordAPICommandItsOptionsAndWorkflowKeys() throws {
        let f = try Fixture()
        // The engine's workflows: the nearest workflows/ folder, here the fixture's own.
        for key in ["welcome", "digest"] {
            try FileManager.default.createDirectory(atPath: f.dir + "/workflows/" + key, withIntermediateDirectories: true)
            try #"{"name": "\#(key)", "steps": []}"#.write(toFile: f.dir + "/workflows/\(key)/workflow.json", atomically: true, encoding: .utf8)
        }
        try f.start()
        f.tmux.type("users ge")
        f.tmux.press("Tab")
        try f.tmux.waitUntil("operation completed") { $0.hasSuffix("knock> users get") }
        f.tmux.press("C-u")
        f.tmux.type("bulk-op")
        f.tmux.press("Tab")
        try f.tmux.waitUntil("section completed") { $0.hasSuffix("knock> bulk-operations") }
        f.tmux.press("C-u")
        // Options come from the endpoint's parameters, not from the one-line usage.
        f.tmux.type("users list --page-")
        f.tmux.press("Tab")
        try f.tmux.waitUntil("option completed") { $0.hasSuffix("knock> users list --page-size") }
        f.tmux.type(" 1")
        f.tmux.press("Enter")
        // The completed command runs: a table of the (still empty) environment's users.
        try f.tmux.waitUntil("the list ran") { $0.hasSuffix("knock> users list --page-size  1\n(0 rows)\nknock>") }
        f.tmux.type("workflows trigger we")
        f.tmux.press("Tab")
        try f.tmux.waitUntil("workflow key completed") { $0.hasSuffix("knock> workflows trigger welcome") }
        // Channel keys come from the running engine (its session is open since `users list`);
        // `welcome` sends on the `in-app-feed` channel.
        f.tmux.press("C-u")
        f.tmux.type("channels fail-next in-")
        f.tmux.press("Tab")
        try f.tmux.waitUntil("channel key completed") { $0.hasSuffix("knock> channels fail-next in-app-feed") }
    }

    @Test func saveNamesAnAnsweredIdAndTheRecipePasses() throws {
        let f = try Fixture()
        try f.start()
        f.enter(#"users bulk-identify {users: [{id: "u7", name: "Ann"}]}"#)
        let screen = try f.tmux.waitFor(#""__typename": "BulkOperation""#)
        let id = try #require(screen.firstMatch(of: /"id": "([0-9a-f-]{36})"/).map { String($0.1) })
        // As a person would: the id pasted bare into one command and quoted into another.
        f.enter("bulk-operations get \(id)")
        try f.tmux.waitFor(#""__typename": "BulkOperation""#, count: 2)
        f.enter(#"expect (bulk-operations get "\#(id)").estimated_total_rows == 1"#)
        f.enter(".save session.knock")
        try f.tmux.waitFor("saved 3 statements to session.knock")
        let recipe = try String(contentsOfFile: f.dir + "/session.knock", encoding: .utf8)
        #expect(recipe.hasSuffix("""

            let bulk_operation = users bulk-identify {users: [{id: "u7", name: "Ann"}]}
            bulk-operations get $bulk_operation.id
            expect (bulk-operations get $bulk_operation.id).estimated_total_rows == 1

            """))
        #expect(!recipe.contains(id))
        f.enter(".quit")
        try f.tmux.waitFor("EXIT=0")
        // A new run gets another id: only the variable makes the recipe pass.
        let report = try TmuxSession.command(ShellBinary.path!, ["run", "--color", "never", f.dir + "/session.knock"])
        #expect(report.contains("1 passed"))
    }

    @Test func aMultiLineRecordIsOneHistoryEntryRecalledWholeAfterARestart() throws {
        let f = try Fixture()
        try f.start()
        f.enter(#"let r = {name: "Zoë","#)
        f.enter("  tags: [1,")
        f.enter("2]}")
        try f.tmux.waitFor(#""name": "Zoë","#)
        f.enter(".quit")
        try f.tmux.waitFor("EXIT=0")
        let text = try String(contentsOfFile: f.historyPath, encoding: .utf8)
        #expect(text.contains(#"let r = {name: "Zoë",\n  tags: [1,\n2]}"# + "\n.quit\n"))

        try f.start(banner: 2)
        f.tmux.press("Up")
        f.tmux.press("Up")
        try f.tmux.waitUntil("the record recalled whole") { $0.hasSuffix("knock> let r = {name: \"Zoë\",\n  tags: [1,\n2]}") }
        f.tmux.press("Enter")
        try f.tmux.waitFor(#""name": "Zoë","#, count: 2)
        f.enter("len($r.tags)")
        try f.tmux.waitUntil("the recalled record ran") { $0.hasSuffix("knock> len($r.tags)\n2\nknock>") }
    }

    @Test func apiURLTargetsAnotherEngineAndTargetSwitchesBack() throws {
        let key = "sk_test_shellremote0123456789"
        let f = try Fixture(environment: ["KNOCK_API_KEY": key])
        // A second engine as the "remote" Knock environment: `knocksh serve` on a free port.
        f.tmux.type("\(TmuxSession.quote(ShellBinary.path!)) serve --port 0 --secret-key \"$KNOCK_API_KEY\" > serve.out 2>&1 &")
        f.tmux.press("Enter")
        let url = try Self.poll("the engine's URL") {
            (try? String(contentsOfFile: f.dir + "/serve.out", encoding: .utf8))?
                .firstMatch(of: /listening on (http:\/\/127\.0\.0\.1:\d+)/).map { String($0.1) }
        }

        // The production guard refuses before anything is sent.
        f.tmux.run("KNOCK_ENVIRONMENT=production \(TmuxSession.quote(ShellBinary.path!)) --api-url \(url)")
        try f.tmux.waitFor("EXIT=64")
        #expect(f.tmux.screen().contains("refusing to run against a production Knock environment"))

        try f.start(arguments: "--api-url \(url)")
        #expect(f.tmux.screen().contains("knocksh shell · target: \(url) (remote)"))
        f.enter(#"users identify u2 {name: "Bo"}"#)
        try f.tmux.waitFor(#""name": "Bo""#)
        f.enter(".reset")
        try f.tmux.waitFor("error: `.reset` only starts the embedded engine over")
        f.enter(".target local")
        try f.tmux.waitFor("target: local engine (local)")
        f.enter("users get u2")
        try f.tmux.waitFor(#"error: API error 404 resource_missing: The user "u2" was not found."#)
        f.enter(".target \(url)")
        try f.tmux.waitFor("target: \(url) (remote)", count: 2)   // the banner's, then this one
        f.enter("users get u2")
        try f.tmux.waitFor(#""name": "Bo""#, count: 2)
        f.enter(".last")
        let last = try f.tmux.waitFor("HTTP 200")
        #expect(last.contains("GET \(url)/v1/users/u2"))
        #expect(!last.contains(key))
    }

    /// Polls until `value` answers, counting attempts rather than timing them.
    static func poll<T>(_ what: String, attempts: Int = 200, _ value: () -> T?) throws -> T {
        for _ in 0..<attempts {
            if let v = value() { return v }
            usleep(50_000)
        }
        throw TmuxSession.Timeout(waitingFor: what, screen: "")
    }
}

/// A loopback TCP port whose connections the kernel accepts (the backlog) and nobody answers.
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, sa, &length) == 0
            }
        }
        guard fd >= 0, bound else { throw CocoaError(.fileWriteUnknown) }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(fd) }
}
