import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// Trigger → message visible, in process (no HTTP), on the in-memory stores. Prints the figures
/// and checks only results, never timings (release numbers come from `scripts/bench-runtime`).
@Suite struct RuntimeLatencyTests {
    @Test func triggerToVisibleMessage() throws {
        let h = RuntimeHarness()
        h.user("u1", ["name": "Ada"])
        h.workflow("welcome", ["name": "x", "steps": [Steps.inApp()]])
        var samples: [Double] = []
        for _ in 0..<300 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let reply = try h.runtime.trigger(workflowKey: "welcome", body: ["recipients": ["u1"], "data": ["n": 1]])
            var q = MessageQuery()
            q.workflowRunID = reply.workflowRunID
            let found = h.runtime.messageRecords(q)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1_000_000)
            #expect(found.count == 1)
        }
        samples.sort()
        let p50 = samples[samples.count / 2], p99 = samples[samples.count * 99 / 100]
        print("trigger → message visible (debug build, in process): p50 \(p50) ms, p99 \(p99) ms")
    }

    @Test func thousandRecipientFanOut() throws {
        let h = RuntimeHarness()
        h.workflow("welcome", ["name": "x", "steps": [Steps.inApp()]])
        let recipients: [JSON] = (0..<1000).map { ["id": .string("u\($0)"), "name": "N"] }
        let t0 = DispatchTime.now().uptimeNanoseconds
        try h.trigger("welcome", ["recipients": .array(recipients)])
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1_000_000
        print("1,000-recipient trigger fully fanned out (debug build, in process): \(ms) ms")
        #expect(h.store.allMessages().count == 1000)
    }
}

/// A trigger naming a few users runs before it is answered when the executor is idle (no wake-up
/// of the executor's thread, no run competing with the answer); under load triggers still queue
/// and drain together (`FanOutScaleTests.triggersDrainedTogetherReadTheirRecipientOnce`).
@Suite struct InlineTriggerTests {
    @Test func aSmallTriggerOnAnIdleExecutorHasRunWhenItIsAnswered() throws {
        let h = RuntimeHarness()
        h.user("u1", ["name": "Ada"])
        h.user("u2", ["name": "Bob"])
        h.workflow("welcome", ["name": "x", "steps": [Steps.inApp()]])
        for n in 0..<20 {
            let reply = try h.runtime.trigger(workflowKey: "welcome", body: ["recipients": ["u1", "u2"], "data": ["n": .int(n)]])
            // Read from the store directly, not through the executor (which would wait for the run).
            #expect(h.store.allMessages().filter { $0.workflowRunID == reply.workflowRunID }.count == 2)
        }
    }
}
