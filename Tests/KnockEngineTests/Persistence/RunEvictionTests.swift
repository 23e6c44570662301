import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// Finished runs leave the runtime's memory (reads come from `workflow_recipient_runs`), while
/// paused runs and runs still in an open batch stay; a cancel still withdraws a message held for
/// a send window by a run that finished — in the same process and after a restart.
@Suite struct RunEvictionTests {
    static let everyDayNineToFive: JSON = .array(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map {
        ["day": .string($0), "type": "send", "from": "09:00", "until": "17:00"]
    })

    @Test func finishedRunsLeaveMemoryAndAreReadFromTheStore() throws {
        let h = try RestartHarness()
        try h.workflow("hello", steps: [RuntimeRestartTests.inApp("Hi {{ recipient.name }}")])
        try h.workflow("later", steps: [RuntimeRestartTests.delay(minutes: 10), RuntimeRestartTests.inApp("Later")])
        let opened = try h.open()
        opened.runtime.freeze()
        var ids: [String] = []
        for i in 0..<20 {
            ids.append(try opened.runtime.trigger(workflowKey: "hello", body: ["recipients": ["u1"], "data": ["n": .int(i)]]).workflowRunID)
        }
        _ = try opened.runtime.trigger(workflowKey: "later", body: ["recipients": ["u2"]])
        opened.runtime.drain()
        #expect(opened.runtime.liveRunCount == 1, "only the paused run stays")

        let finished = opened.runs("hello")
        #expect(finished.count == 20)
        #expect(Set(finished.compactMap { $0["workflow_run_id"]?.stringValue }) == Set(ids))
        #expect(finished.allSatisfy { $0["status"] == "completed" })
        let detail = try #require(opened.runtime.recipientRun(id: finished[0]["id"]?.stringValue ?? ""))
        #expect(detail["events"]?.arrayValue?.compactMap { $0["event"]?.stringValue }
                == ["workflow_run_started", "message_enqueued", "workflow_run_completed"])

        opened.runtime.advance(by: 600)
        #expect(opened.runtime.liveRunCount == 0)
        #expect(opened.runs("later").first?["status"] == "completed")
        #expect(opened.messages("later").count == 1)
        h.close(opened)
    }

    @Test func runsInAnOpenBatchStayUntilItCloses() throws {
        let h = try RestartHarness()
        try h.workflow("digest", steps: [
            ["type": "batch", "ref": "batch_1", "settings": ["batch_window": ["unit": "minutes", "value": 5]]],
            RuntimeRestartTests.inApp("{{ total_activities }}"),
        ])
        let opened = try h.open()
        opened.runtime.freeze()
        for key in ["a", "b", "c"] {
            _ = try opened.runtime.trigger(workflowKey: "digest", body: ["recipients": ["u1"], "cancellation_key": .string(key)])
        }
        opened.runtime.drain()
        // The opener waits; the two items ended but a cancel can still take them out.
        #expect(opened.runtime.liveRunCount == 3)
        try opened.runtime.cancel(workflowKey: "digest", body: ["cancellation_key": "c"])
        opened.runtime.advance(by: 300)
        #expect(opened.runtime.liveRunCount == 0)
        let message = try #require(opened.messages().first)
        #expect(opened.rendered(message)?["blocks"]?[0]?["rendered"] == "<p>2</p>")
        h.close(opened)
    }

    /// The runs finish at once (their only step holds the email); the cancel finds the held
    /// messages through the held-delivery index, before and after a restart.
    @Test func aCancelWithdrawsTheHeldMessageOfAFinishedRunAlsoAfterARestart() throws {
        let h = try RestartHarness()
        guard case .object(var step) = RuntimeRestartTests.email(subject: "Morning {{ recipient.name }}") else { return }
        step["send_windows"] = Self.everyDayNineToFive
        try h.workflow("notice", steps: [.object(step)])
        var opened = try h.open()
        opened.runtime.freeze()
        _ = try opened.runtime.trigger(workflowKey: "notice", body: ["recipients": ["u1", "u2", "u3"], "cancellation_key": "order-1"])
        opened.runtime.drain()
        #expect(opened.runtime.liveRunCount == 0)
        #expect(opened.messages().map { $0["status"] } == ["queued", "queued", "queued"])
        #expect(opened.runs("notice").allSatisfy { $0["status"] == "completed" })

        // Same process: the run of u1 is gone from memory, its held message is not.
        try opened.runtime.cancel(workflowKey: "notice", body: ["cancellation_key": "order-1", "recipients": ["u1"]])
        opened.runtime.drain()
        #expect(status(opened) == ["u1": "not_sent", "u2": "queued", "u3": "queued"])
        #expect(withdrawals(opened, "u1") == [messageID(opened, "u1")])
        h.close(opened)

        // After a restart: the held deliveries are reloaded with their cancellation key.
        opened = try h.open()
        try opened.runtime.cancel(workflowKey: "notice", body: ["cancellation_key": "order-2"])
        try opened.runtime.cancel(workflowKey: "notice", body: ["cancellation_key": "order-1", "recipients": ["u2"]])
        opened.runtime.drain()
        #expect(status(opened) == ["u1": "not_sent", "u2": "not_sent", "u3": "queued"])
        #expect(withdrawals(opened, "u2") == [messageID(opened, "u2")])
        #expect(opened.runs("notice").allSatisfy { $0["status"] == "completed" })
        let events = opened.runtime.messageEvents(id: messageID(opened, "u2") ?? "") ?? []
        #expect(events.map { $0["type"] } == ["message.not_sent"])
        #expect(events.first?["data"] == ["reason": "workflow_cancelled"])

        // At 09:00 only u3's message goes out.
        opened.runtime.advance(by: 12 * 3600)
        #expect(status(opened) == ["u1": "not_sent", "u2": "not_sent", "u3": "delivered"])
        #expect(opened.runtime.outbox(OutboxQuery(channelType: "email")).map { $0["to"] } == [["u3@example.com"]])
        h.close(opened)
    }

    private func status(_ opened: RestartHarness.Opened) -> [String: String] {
        Dictionary(uniqueKeysWithValues: opened.messages().compactMap { m in
            m["recipient"]?.stringValue.map { ($0, m["status"]?.stringValue ?? "") }
        })
    }

    private func messageID(_ opened: RestartHarness.Opened, _ recipient: String) -> String? {
        opened.messages().first { $0["recipient"]?.stringValue == recipient }?["id"]?.stringValue
    }

    /// The message ids named by `message_withdrawn` events of the recipient's run.
    private func withdrawals(_ opened: RestartHarness.Opened, _ recipient: String) -> [String?] {
        guard let run = opened.runs("notice").first(where: { $0["recipient"]?.stringValue == recipient }),
              let detail = opened.runtime.recipientRun(id: run["id"]?.stringValue ?? "") else { return [] }
        return (detail["events"]?.arrayValue ?? []).filter { $0["event"] == "message_withdrawn" }.map { $0["data"]?["message_id"]?.stringValue }
    }
}
