import Foundation
import Testing
@testable import KnockShell

@Suite struct HistoryTests {
    @Test func consecutiveDuplicatesAndBlanksAreDropped() {
        let h = History(path: nil)
        #expect(h.add("users get u1") == "users get u1")
        #expect(h.add("users get u1  ") == nil)
        #expect(h.add("   ") == nil)
        #expect(h.add("users list") == "users list")
        #expect(h.add("users get u1") == "users get u1")
        #expect(h.entries == ["users get u1", "users list", "users get u1"])
    }

    @Test func secretsAreRedactedBeforeStoring() throws {
        let dir = FileFixture.tempDir("history")
        defer { FileFixture.remove(dir) }
        let path = dir + "/state/knocksh/history"
        let h = History(path: path)
        h.add("let k = \"sk_test_abcdefgh12345678\"")
        h.add("http GET /v1/users --header \"Authorization: Bearer abc.def\"")
        h.add("let t = eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlcw")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("abcdefgh12345678"))
        #expect(!text.contains("abc.def"))
        #expect(!text.contains("eyJzdWIiOiJ1MSJ9"))
        #expect(text.contains("sk_test_[REDACTED]"))
        #expect(text.contains("[REDACTED_JWT]"))
    }

    @Test func fileIsPrivateAndSurvivesARestart() throws {
        let dir = FileFixture.tempDir("history")
        defer { FileFixture.remove(dir) }
        let path = dir + "/nested/history"
        let h = History(path: path, limit: 3)
        for e in ["a", "b", "multi\nline \\ entry", "c", "d"] { h.add(e) }
        h.save()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let again = History(path: path, limit: 3)
        #expect(again.load() == ["multi\nline \\ entry", "c", "d"])
    }

    @Test func aLooserExistingFileIsTightened() throws {
        let dir = FileFixture.tempDir("history")
        defer { FileFixture.remove(dir) }
        let path = dir + "/history"
        _ = FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o644])
        History(path: path).add("users list")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func locationFollowsTheEnvironment() {
        #expect(HistoryLocation.path(environment: ["KNOCKSH_HISTORY": "/x/h", "HOME": "/home/a"]) == "/x/h")
        #expect(HistoryLocation.path(environment: ["KNOCKSH_HISTORY": ""]) == nil)
        #expect(HistoryLocation.path(environment: ["XDG_STATE_HOME": "/s", "HOME": "/home/a"]) == "/s/knocksh/history")
        #expect(HistoryLocation.path(environment: ["HOME": "/home/a"]) == "/home/a/.local/state/knocksh/history")
    }

    @Test func redactorLeavesOrdinaryTextAlone() {
        let r = BasicSecretRedactor()
        #expect(r.redact("users get sk_demo") == "users get sk_demo")
        #expect(r.redact("key: pk_live_0123456789abcdef.") == "key: pk_live_[REDACTED].")
        #expect(r.redact("workflows trigger new-comment {a: 1.5}") == "workflows trigger new-comment {a: 1.5}")
        #expect(r.redact("sk_0123456789abcdef") == "sk_[REDACTED]")
    }
}
