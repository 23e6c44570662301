import Testing
import KnockCore
import KnockShell
@testable import KnockShellScript

/// `.save`'s rewrite: ids answered by a command and repeated literally later become variables.
@Suite struct RecipeTextTests {
    static let opId = "3f2b8c1e-5d4a-4f7e-9b1a-2c3d4e5f6a7b"
    static let bulkOp: JSON = ["__typename": "BulkOperation", "id": .string(opId), "status": "queued"]

    /// The recipe lines `.save` would write for these statements (header left out).
    func recipe(_ statements: [RecordedStatement]) -> [String] {
        var recording = SessionRecording()
        for s in statements { recording.append(s) }
        let text = recording.recipe(target: "t", file: "f") { RecipeText.text(for: $0, in: $1) }
        return Array(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropFirst(3).dropLast())
    }

    @Test func anAnsweredIdRepeatedBareOrQuotedBecomesAVariable() {
        let lines = recipe([
            RecordedStatement(source: #"users bulk-identify {users: [{id: "u7"}]}"#, succeeded: true, value: Self.bulkOp),
            RecordedStatement(source: "bulk-operations get \(Self.opId)", succeeded: true, value: Self.bulkOp),
            RecordedStatement(source: #"expect (bulk-operations get "\#(Self.opId)").status == "queued""#, succeeded: true),
        ])
        #expect(lines == [
            #"let bulk_operation = users bulk-identify {users: [{id: "u7"}]}"#,
            "bulk-operations get $bulk_operation.id",
            #"expect (bulk-operations get $bulk_operation.id).status == "queued""#,
        ])
    }

    @Test func aLetCaptureIsReadEvenForAnIdTheUserTyped() {
        let user: JSON = ["__typename": "User", "id": "u1", "name": "Ada"]
        let lines = recipe([
            RecordedStatement(source: "users identify u1 {name: \"Ada\"}", succeeded: true, value: user),
            // A bare command's typed id stays as typed: it is the same on every run.
            RecordedStatement(source: "users get u1", succeeded: true, value: user),
            RecordedStatement(source: "let user = users get u1", succeeded: true, boundVariable: "user", value: user),
            RecordedStatement(source: #"messages list --user-id "u1""#, succeeded: true, value: ["entries": []]),
        ])
        #expect(lines == [
            "users identify u1 {name: \"Ada\"}", "users get u1", "let user = users get u1", "messages list --user-id $user.id",
        ])
    }

    @Test func nestedIdsKeysInterpolationAndRebindingAreRespected() {
        let run: JSON = ["workflow_run_id": "9a8b7c6d-1111-4222-8333-444455556666"]
        let list: JSON = ["entries": [["__typename": "Message", "id": "msg-0001-aaaa"]]]
        let lines = recipe([
            RecordedStatement(source: "workflows trigger welcome {recipients: [\"u1\"]}", succeeded: true, value: run),
            RecordedStatement(source: "let m = messages list", succeeded: true, boundVariable: "m", value: list),
            RecordedStatement(source: "fail oops", succeeded: false),
            // A record key and text inside an interpolated string are not values to replace.
            RecordedStatement(source: #"let k = {msg-0001-aaaa: 1, note: "id $x msg-0001-aaaa"}"#, succeeded: true, boundVariable: "k"),
            RecordedStatement(source: "wait run 9a8b7c6d-1111-4222-8333-444455556666", succeeded: true),
            RecordedStatement(source: "messages get msg-0001-aaaa", succeeded: true, value: list),
            RecordedStatement(source: "let m = 1", succeeded: true, boundVariable: "m", value: 1),
            // $m no longer holds the list: the literal stays.
            RecordedStatement(source: "messages get msg-0001-aaaa", succeeded: true, value: list),
        ])
        #expect(lines == [
            "let workflow_run = workflows trigger welcome {recipients: [\"u1\"]}",
            "let m = messages list",
            #"let k = {msg-0001-aaaa: 1, note: "id $x msg-0001-aaaa"}"#,
            "wait run $workflow_run.workflow_run_id",
            "messages get $m.entries[0].id",
            "let m = 1",
            "messages get msg-0001-aaaa",
        ])
    }

    @Test func literalSitesCoverGluedWordsAndStringsOnly() {
        let sites = LiteralSites.find(in: #"bulk-operations get 3f2b-5d4a {x: "3f2b-5d4a", y: $v.id} | map 'raw'"#)
        #expect(sites.map(\.text) == ["bulk-operations", "get", "3f2b-5d4a", "3f2b-5d4a", "map", "raw"])
    }
}
