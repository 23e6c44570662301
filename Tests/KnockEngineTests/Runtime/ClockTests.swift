import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct ClockTests {
    @Test func frozenClockMovesOnlyForward() {
        let start = Date(timeIntervalSince1970: 1_000)
        let clock = VirtualClock(start: start, frozen: true)
        #expect(clock.now == start)
        clock.move(to: start.addingTimeInterval(60))
        #expect(clock.now == start.addingTimeInterval(60))
        clock.move(to: start)
        #expect(clock.now == start.addingTimeInterval(60))
    }

    @Test func unfrozenClockFollowsWallTime() {
        let wall = WallBox(Date(timeIntervalSince1970: 5_000))
        let clock = VirtualClock(wall: { wall.value })
        #expect(clock.now == wall.value)
        clock.move(to: wall.value.addingTimeInterval(100))
        wall.value = wall.value.addingTimeInterval(10)
        #expect(clock.now == wall.value.addingTimeInterval(100))
        clock.freeze()
        let frozen = clock.now
        wall.value = wall.value.addingTimeInterval(10)
        #expect(clock.now == frozen)
        clock.unfreeze()
        wall.value = wall.value.addingTimeInterval(5)
        #expect(clock.now == frozen.addingTimeInterval(5))
    }

    @Test func timerQueueOrdersByDueTimeThenScheduling() {
        var q = TimerQueue<String>()
        let t = Date(timeIntervalSince1970: 0)
        q.schedule(at: t.addingTimeInterval(5), "c")
        q.schedule(at: t.addingTimeInterval(1), "a")
        let cancelled = q.schedule(at: t.addingTimeInterval(2), "x")
        q.schedule(at: t.addingTimeInterval(1), "b")
        q.cancel(cancelled)
        var fired: [String] = []
        while let e = q.popDue(notAfter: t.addingTimeInterval(10)) { fired.append(e.payload) }
        #expect(fired == ["a", "b", "c"])
        #expect(q.count == 0)
    }

    @Test func advanceFiresChainedTimersInsideTheWindow() throws {
        let h = RuntimeHarness()
        h.user("u1")
        h.workflow("two-delays", ["name": "x", "steps": [Steps.delay("d1", minutes: 5), Steps.inApp("first"), Steps.delay("d2", minutes: 5), Steps.inApp("second")]])
        try h.trigger("two-delays", ["recipients": ["u1"]])
        h.runtime.advance(by: 600)
        let times = h.messages().compactMap { $0["inserted_at"]?.stringValue }
        #expect(times == [ProviderTimestamp.string(RuntimeHarness.start.addingTimeInterval(600)),
                          ProviderTimestamp.string(RuntimeHarness.start.addingTimeInterval(300))])
        #expect(h.runtime.clockJSON["now"] == .string(ProviderTimestamp.string(RuntimeHarness.start.addingTimeInterval(600))))
        #expect(h.runtime.clockJSON["frozen"] == true)
    }

    @Test func wallTimeFiresTimersWhenNotFrozen() throws {
        let h = RuntimeHarness()
        h.user("u1")
        h.workflow("short", ["name": "x", "steps": [["type": "delay", "ref": "d", "settings": ["delay_for": ["unit": "seconds", "value": 1]]], Steps.inApp()]])
        h.runtime.unfreeze()
        try h.trigger("short", ["recipients": ["u1"]])
        #expect(h.messages().isEmpty)
        let deadline = Date().addingTimeInterval(5)
        while h.messages().isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(h.messages().count == 1)
    }
}

final class WallBox: @unchecked Sendable {
    var value: Date
    init(_ v: Date) { value = v }
}
