import KnockCore
import KnockScript

/// The polling loop the waits share: try, and until the answer is there, sleep with backoff
/// (2 ms doubling to 500 ms, or a fixed `every`), never past the deadline, waking at once on
/// Ctrl-C or the test's `--timeout`. One last try happens at the deadline itself.
///
/// ```swift
/// let poller = Poller(withinMilliseconds: 5_000, everyMilliseconds: nil, context: context)
/// let found = try poller.run { attempt in try lookUp() }   // nil: timed out
/// ```
struct Poller {
    let withinMilliseconds: Int
    let everyMilliseconds: Int?
    let context: ExecutionContext
    /// Tries made so far, for the timeout report.
    private(set) var attempts = 0

    /// Short: against the embedded engine a run's messages usually exist a millisecond or two
    /// after the trigger answered; a 10 ms first sleep alone would spend the whole 5 s budget of
    /// 1,000 scenarios on two cores (docs/benchmarks.md). Against Knock the extra early polls
    /// are a handful of cheap reads.
    static let firstDelay = 2
    static let maxDelay = 500

    init(withinMilliseconds: Int, everyMilliseconds: Int?, context: ExecutionContext) {
        self.withinMilliseconds = withinMilliseconds
        self.everyMilliseconds = everyMilliseconds
        self.context = context
    }

    /// Calls `attempt` until it answers non-nil; nil when the time ran out. Errors from
    /// `attempt` (an API error, a final bad state) end the wait at once.
    mutating func run<T>(_ attempt: (Int) throws -> T?) throws -> T? {
        let start = MonotonicClock.nanoseconds()
        let deadline = start + UInt64(max(0, withinMilliseconds)) * 1_000_000
        var delay = everyMilliseconds ?? Self.firstDelay
        while true {
            attempts += 1
            if let found = try attempt(attempts) { return found }
            let now = MonotonicClock.nanoseconds()
            if now >= deadline { return nil }
            let left = Int((deadline - now + 999_999) / 1_000_000)
            if context.cancellation.sleep(milliseconds: min(delay, left)), let reason = context.cancellation.reason {
                throw Interpreter.error(for: reason)
            }
            if everyMilliseconds == nil { delay = min(delay * 2, Self.maxDelay) }
        }
    }
}

/// `within` and `every` as the waits read them, with the defaults they document.
enum WaitTiming {
    static let defaultWithin = 10_000

    static func read(_ inv: CommandInvocation) throws -> (within: Int, every: Int?) {
        let within = try inv.option("within").map { try milliseconds($0, "within", inv) } ?? defaultWithin
        let every = try inv.option("every").map { try milliseconds($0, "every", inv) }
        return (within, every)
    }

    static func milliseconds(_ value: Value, _ what: String, _ inv: CommandInvocation) throws -> Int {
        switch value {
        case .duration(let d): return max(0, d.milliseconds)
        case .int(let ms): return max(0, ms)
        case .string(let s):
            if let d = KnockDuration(parsing: s) { return d.milliseconds }
            fallthrough
        default:
            throw inv.usageError("\(what) expects a duration like 5s, got \(value.literal)", usage: "\(inv.displayName) ... \(what) 5s")
        }
    }
}
