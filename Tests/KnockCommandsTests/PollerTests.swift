@testable import KnockCommands
import KnockScript
import Testing

/// The waits' polling loop, without HTTP: backoff, the deadline, cancellation.
@Suite struct PollerTests {
    @Test func backsOffDoublingToTheCapAndStopsAtTheDeadline() async {
        let (times, found) = await offPool { () -> ([UInt64], Bool) in
            var times: [UInt64] = []
            var poller = Poller(withinMilliseconds: 1_300, everyMilliseconds: nil, context: ExecutionContext(registry: CommandRegistry()))
            let found = (try? poller.run { _ -> Bool? in
                times.append(MonotonicClock.nanoseconds())
                return nil
            }) ?? nil
            return (times, found != nil)
        }
        #expect(!found)
        let gaps = zip(times.dropFirst(), times).map { Int(($0 - $1) / 1_000_000) }
        // 2, 4, 8, ... 256, 500, then what is left of 1.3 s: each at least the planned delay.
        for (gap, planned) in zip(gaps, [2, 4, 8, 16, 32, 64, 128, 256, 500]) { #expect(gap >= planned - 1, "\(gaps)") }
        #expect(gaps.count <= 10, "\(gaps)")
        let total = Int((times.last! - times.first!) / 1_000_000)
        #expect(total <= 1_300 + 60, "the last poll is at the deadline, not past it: \(total) ms")
    }

    @Test func aFixedEveryIsKept() async {
        let count = await offPool { () -> Int in
            var n = 0
            var poller = Poller(withinMilliseconds: 100, everyMilliseconds: 25, context: ExecutionContext(registry: CommandRegistry()))
            _ = try? poller.run { _ -> Bool? in n += 1; return nil }
            return n
        }
        #expect(count >= 3 && count <= 6, "\(count) polls")
    }

    @Test func cancellationStopsTheWaitAtOnce() async {
        let kind = await offPool { () -> ScriptError.Kind? in
            let context = ExecutionContext(registry: CommandRegistry())
            var poller = Poller(withinMilliseconds: 10_000, everyMilliseconds: 1_000, context: context)
            do {
                _ = try poller.run { attempt -> Bool? in
                    if attempt == 2 { context.cancellation.cancel(reason: .interrupted) }
                    return nil
                }
            } catch let e as ScriptError {
                return e.kind
            } catch {}
            return nil
        }
        #expect(kind == .cancelled)
    }
}
