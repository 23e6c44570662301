import KnockAPI
import KnockCommands
import KnockCore
import KnockScript
import Testing

@Suite struct WaitRunTests {
    static func run(_ id: String, status: String, runID: String = "wr_1", recipient: String = "u1") -> JSON {
        ["__typename": "WorkflowRecipientRun", "id": .string(id), "workflow_run_id": .string(runID), "status": .string(status),
         "recipient": .string(recipient), "workflow": "welcome", "error_count": 0]
    }

    @Test func returnsTheRunsOnceAllFinished() async throws {
        let polls = Counter()
        let fake = try FakeKnock { _ in
            let n = polls.next()
            return .json(page([Self.run("r1", status: "completed"), Self.run("r2", status: n < 3 ? "processing" : "completed", recipient: "u2"),
                               Self.run("other", status: "queued", runID: "wr_2")], key: "entries"))
        }
        defer { fake.stop() }
        let result = await runAPIScript("""
            let runs = wait run wr_1 --count 2 --workflow welcome
            expect ($runs | map id) == ["r1", "r2"]
            expect ($runs | all status == "completed")
            """, baseURL: fake.baseURL)
        #expect(result.status == .passed, "\(String(describing: result.error))")
        #expect(polls.value == 3)
        #expect(fake.requests[0].path == "/v1/workflow_recipient_runs")
        #expect(fake.requests[0].query("workflow") == "welcome")
    }

    @Test func failsAtOnceWhenARunEndsOtherwise() async throws {
        let fake = try FakeKnock { _ in .json(page([Self.run("r1", status: "cancelled")], key: "entries")) }
        defer { fake.stop() }
        let result = await runAPIScript("wait run wr_1 --status completed within 5s", baseURL: fake.baseURL)
        #expect(result.status == .failed)
        #expect(result.error?.message.contains("ended cancelled, not completed") == true)
        #expect(fake.requests.count == 1, "a final state ends the wait at the first poll")
    }

    @Test func timeoutListsTheRunsSeen() async throws {
        let fake = try FakeKnock { _ in .json(page([Self.run("r1", status: "paused")], key: "entries")) }
        defer { fake.stop() }
        let result = await runAPIScript("wait run wr_1 within 200ms", baseURL: fake.baseURL)
        #expect(result.status == .failed)
        #expect(result.error?.notes.contains("recipient run r1 for u1: paused") == true)
    }
}
