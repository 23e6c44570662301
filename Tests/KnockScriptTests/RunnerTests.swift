import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import KnockScript
import TestSupport

/// End-to-end: the real binary, its exit codes and its reports.
@Suite(.serialized) struct RunnerTests {
    static let recipes: [String: String] = [
        "pass.knock": "test \"adds\" { expect 1 + 1 == 2 }\ntest \"concatenates\" { expect \"a\" + \"b\" == \"ab\" }\n",
        "fail.knock": "test \"compares\" {\n  let m = {status: \"queued\"}\n  expect $m.status == \"sent\"\n}\ntest \"passes\" { expect true }\n",
        "error.knock": "test \"reads a missing field\" { let x = {}.nope }\n",
        "skip.knock": "test \"later\" { skip \"not yet\" }\n",
        "nested/more.knock": "test \"one\" { print \"hello\" }\ntest \"two\" { expect [1, 2] == [1, 2] }\ntest \"three\" { expect len(\"abc\") == 3 }\n",
    ]

    @Test func exitCodes() throws {
        let dir = try temporaryDirectory(Self.recipes)
        #expect(try knocksh(["run", dir + "/pass.knock"]).status == 0)
        #expect(try knocksh(["run", dir + "/fail.knock"]).status == 1)
        #expect(try knocksh(["run", dir + "/error.knock"]).status == 2)
        #expect(try knocksh(["run", dir + "/fail.knock", dir + "/error.knock"]).status == 2)
        #expect(try knocksh(["run", dir + "/skip.knock"]).status == 0)
        #expect(try knocksh(["run", "--jobs", "0", dir]).status == 64)
        #expect(try knocksh(["run", "--shard", "3/2", dir]).status == 64)
        #expect(try knocksh(["run", "--bogus", dir]).status == 64)
        #expect(try knocksh(["run", dir + "/missing.knock"]).status == 2)
        #expect(try knocksh(["-c", "print 1"]).status == 0)
        #expect(try knocksh(["-c", "expect 1 == 2"]).status == 1)
        #expect(try knocksh(["-c", "let x = "]).status == 2)
        #expect(try knocksh(["-c", "print $nope"]).status == 2)
        #expect(try knocksh(["-c", "1", "-f", "x"]).status == 64)
    }

    @Test func scriptSources() throws {
        let c = try knocksh(["-c", "print \"sum\" (1 + 2)"])
        #expect(c.stdout == "sum 3\n")
        let stdin = try knocksh([], stdin: "let x = 2\nprint ($x * 21)\n")
        #expect(stdin.stdout == "42\n")
        let dir = try temporaryDirectory(["lib/f.knock": "fn greet(n) { return \"hi $n\" }\nlet answer = 42\n", "main.knock": "import \"lib/f.knock\"\nprint (greet(\"Ada\")) $answer\n"])
        let f = try knocksh(["-f", dir + "/main.knock"])
        #expect(f.stdout == "hi Ada 42\n")
        #expect(f.status == 0)
        let vars = try knocksh(["--var", "who=CI", "-c", "print \"hello $who\""])
        #expect(vars.stdout == "hello CI\n")
    }

    @Test func errorsShowPositionSourceAndCaretWithoutBacktraces() throws {
        let r = try knocksh(["-c", "let a = 1\nlet b = $a +\n"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("<-c>:2:13: error: expected an expression, found end of file\n"))
        #expect(r.stderr.contains("2 | let b = $a +"))
        #expect(r.stderr.contains("  |             ^"))
        let runtime = try knocksh(["-c", "let m = {status: 1}\nprint $m.stats"])
        #expect(runtime.stderr.contains("<-c>:2:10: error: the record has no field 'stats'"))
        #expect(runtime.stderr.contains("hint: did you mean 'status'?"))
        for bad in ["\u{1}\u{2}", "((((", "\"", "fn (", "}}}", "let x = [1, 2", "$", String(repeating: "[", count: 10_000)] {
            let out = try knocksh(["-c", bad])
            #expect(out.status == 2, "\(bad.prefix(20)): \(out.status)")
            #expect(!out.stderr.contains("Fatal error") && !out.stderr.contains("Stack dump"))
        }
    }

    @Test func consoleReportHasOneLinePerTestAndASummary() throws {
        let dir = try temporaryDirectory(Self.recipes)
        let r = try knocksh(["run", "-j", "1", dir])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("PASS ") }.count == 6)
        #expect(lines.filter { $0.hasPrefix("FAIL ") }.count == 1)
        #expect(lines.filter { $0.hasPrefix("ERROR ") }.count == 1)
        #expect(lines.filter { $0.hasPrefix("SKIP ") }.count == 1)
        #expect(r.stdout.contains("expect $m.status == \"sent\""))
        #expect(r.stdout.contains("\"queued\""))
        #expect(lines.last?.hasPrefix("6 passed, 1 failed, 1 errored, 1 skipped (9 tests) in ") == true)
    }

    @Test func junitReportParsesAndCounts() throws {
        let dir = try temporaryDirectory(Self.recipes)
        let report = dir + "/report.xml"
        let r = try knocksh(["run", dir, "--junit", report])
        #expect(r.status == 2)
        let doc = try XMLDocument(contentsOf: URL(fileURLWithPath: report))
        let root = try #require(doc.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "9")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        #expect(root.attribute(forName: "errors")?.stringValue == "1")
        #expect(root.attribute(forName: "skipped")?.stringValue == "1")
        let cases = try root.nodes(forXPath: "//testcase") as! [XMLElement]
        #expect(cases.count == 9)
        let failed = try #require(cases.first { $0.attribute(forName: "name")?.stringValue == "compares" })
        let failure = try #require(failed.elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue == "expectation failed")
        #expect(failure.stringValue?.contains("\"queued\"") == true)
        #expect(failed.attribute(forName: "line")?.stringValue == "1")
        let suites = try root.nodes(forXPath: "testsuite") as! [XMLElement]
        #expect(suites.count == 5)
    }

    @Test func tapOutput() throws {
        let dir = try temporaryDirectory(Self.recipes)
        let r = try knocksh(["run", dir, "--tap"])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "TAP version 13")
        #expect(lines[1] == "1..9")
        #expect(lines.filter { $0.hasPrefix("ok ") }.count == 7)
        #expect(lines.filter { $0.hasPrefix("not ok ") }.count == 2)
        #expect(lines.contains { $0.hasSuffix("# SKIP not yet") })
        #expect(lines.contains("  severity: fail"))
    }

    @Test func jsonLinesEvents() throws {
        let dir = try temporaryDirectory(Self.recipes)
        let r = try knocksh(["run", dir, "--json"])
        let events = try r.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(events.first?["event"] as? String == "run_started")
        #expect(events.filter { $0["event"] as? String == "test" }.count == 9)
        let last = try #require(events.last)
        #expect(last["event"] as? String == "run_finished")
        #expect(last["passed"] as? Int == 6)
        #expect(last["exit_code"] as? Int == 2)
    }

    @Test func shardsPartitionExactly() throws {
        let dir = try temporaryDirectory(Self.recipes)
        func ids(_ args: [String]) throws -> [String] {
            let r = try knocksh(["run", dir, "--json"] + args)
            return try r.stdout.split(separator: "\n").compactMap {
                let o = try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
                guard o["event"] as? String == "test" else { return nil }
                return "\(o["file"]!)::\(o["name"]!)"
            }
        }
        let all = try ids([])
        #expect(all.count == 9)
        for n in [1, 2, 3, 4, 11] {
            let shards = try (1...n).map { try ids(["--shard", "\($0)/\(n)"]) }
            #expect(shards.flatMap { $0 }.sorted() == all.sorted(), "n=\(n)")
            #expect(Set(shards.flatMap { $0 }).count == all.count)
        }
    }

    @Test func parallelRunGivesTheSerialResults() throws {
        var files = Self.recipes
        for n in 0..<12 { files["load/\(n).knock"] = "test \"spin \(n)\" { let s = 0\nfor i in 1..2000 { s += $i }\nexpect $s == 2001000 }\n" }
        let dir = try temporaryDirectory(files)
        func stable(_ s: String) -> String {
            s.split(separator: "\n").map { line in
                line.replacingOccurrences(of: #""duration_ms":[0-9]+"#, with: "", options: .regularExpression)
            }.joined(separator: "\n")
        }
        let serial = try knocksh(["run", dir, "--json", "-j", "1"])
        let parallel = try knocksh(["run", dir, "--json", "-j", "4"])
        #expect(serial.status == parallel.status)
        #expect(stable(serial.stdout) == stable(parallel.stdout))
    }

    @Test func filterFailFastAndTimeout() throws {
        let dir = try temporaryDirectory(Self.recipes)
        let filtered = try knocksh(["run", dir, "--filter", "^(one|two)$", "--tap"])
        #expect(filtered.stdout.contains("1..2"))
        #expect(filtered.status == 0)
        let ff = try knocksh(["run", dir + "/fail.knock", dir + "/pass.knock", "--fail-fast", "-j", "1", "--json"])
        #expect(ff.stdout.contains("not run: --fail-fast"))
        #expect(ff.status == 1)
        let slow = try temporaryDirectory(["slow.knock": "test \"sleeps\" { sleep 10s }\ntest \"spins\" { while true { } }\n"])
        let t = try knocksh(["run", slow, "--timeout", "100ms"])
        #expect(t.status == 2)
        #expect(t.stdout.components(separatedBy: "timed out after 100ms (--timeout)").count == 3)
    }

    @Test func checkReportsEveryError() throws {
        let dir = try temporaryDirectory(["good.knock": "print 1\n", "bad.knock": "let = 1\nprint (1 +)\nx = 2\n", "cmd.knock": "prnt 1\nhelp\n"])
        let r = try knocksh(["check", dir])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.knock:1:5: error:"))
        #expect(r.stderr.contains("bad.knock:2:11: error:"))
        #expect(r.stderr.contains("cmd.knock:1:1: error: unknown command 'prnt'"))
        #expect(r.stderr.contains("3 files checked, 1 test, 3 errors"))
        let ok = try knocksh(["check", dir + "/good.knock"])
        #expect(ok.status == 0)
        #expect(ok.stdout == "1 file checked, 1 test, 0 errors\n")
    }

    @Test func aFileThatDoesNotParseIsOneErroredEntryWithEveryError() throws {
        let dir = try temporaryDirectory(["broken.knock": "test \"a\" {\n  let = 1\n  print (1 +)\n}\n", "ok.knock": "print 1\n"])
        let r = try knocksh(["run", dir, "-j", "2"])
        #expect(r.status == 2)
        #expect(r.stdout.contains("ERROR \(dir)/broken.knock"))
        #expect(r.stdout.contains("broken.knock:2:7: error:"))
        #expect(r.stdout.contains("broken.knock:3:13: error:"))
        #expect(r.stdout.contains("PASS  \(dir)/ok.knock"))
    }

    @Test func ctrlCStopsARunningScript() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: knockshBinary)
        process.arguments = ["-c", "print \"started\"\nsleep 30s"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        // Wait until the script is running (it printed), then interrupt it.
        _ = out.fileHandleForReading.availableData
        let start = Date()
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func githubAnnotations() throws {
        let dir = try temporaryDirectory(Self.recipes)
        let r = try knocksh(["run", dir + "/fail.knock"], environment: ["GITHUB_ACTIONS": "true"])
        let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("::error ") })
        #expect(line.contains("file=\(dir)/fail.knock,line=3,col=3,title=knocksh%3A compares::expectation failed%0A"))
    }

    @Test func colorFollowsTheFlagAndNoColor() throws {
        let dir = try temporaryDirectory(Self.recipes)
        #expect(try knocksh(["run", dir + "/pass.knock", "--color", "always"]).stdout.contains("\u{1B}[32mPASS"))
        #expect(!(try knocksh(["run", dir + "/pass.knock", "--color", "auto"]).stdout.contains("\u{1B}[")))
        #expect(!(try knocksh(["run", dir + "/pass.knock", "--color", "never"]).stdout.contains("\u{1B}[")))
    }
}
