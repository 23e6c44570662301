import Foundation

/// An environment's clock: follows wall time by default, can be frozen, and only ever moves
/// forward. The runtime reads `now` for every timestamp it writes and steps the clock through
/// due timers when an admin call advances it (`Scheduler.advance(by:)`).
///
/// Kept as an offset from wall time rather than a stored instant, so an unfrozen clock keeps
/// ticking without a background thread.
///
/// ```swift
/// let clock = VirtualClock()
/// clock.freeze()
/// let t = clock.now
/// clock.move(to: t.addingTimeInterval(600))   // ten minutes later, still frozen
/// clock.unfreeze()                             // follows wall time again from there
/// ```
public final class VirtualClock: @unchecked Sendable {
    private let lock = NSLock()
    private let wall: @Sendable () -> Date
    /// Added to wall time while running.
    private var offset: TimeInterval = 0
    /// The stopped time while frozen.
    private var frozenAt: Date?

    /// `wall` is injectable so tests can drive "wall time" too.
    public init(start: Date? = nil, frozen: Bool = false, wall: @escaping @Sendable () -> Date = { Date() }) {
        self.wall = wall
        if let start { offset = start.timeIntervalSince(wall()) }
        if frozen { frozenAt = start ?? wall() }
    }

    public var now: Date { lock.withLock { unlockedNow } }

    public var isFrozen: Bool { lock.withLock { frozenAt != nil } }

    /// Stops the clock where it stands; only `move(to:)` (clock advance) moves it then.
    public func freeze() {
        lock.withLock { if frozenAt == nil { frozenAt = unlockedNow } }
    }

    /// Lets the clock follow wall time again from where it stands (no jump back or forward).
    public func unfreeze() {
        lock.withLock {
            guard let f = frozenAt else { return }
            offset = f.timeIntervalSince(wall())
            frozenAt = nil
        }
    }

    /// Moves the clock to `date` if that is later than now; never moves it back.
    public func move(to date: Date) {
        lock.withLock {
            let current = unlockedNow
            guard date > current else { return }
            if frozenAt != nil { frozenAt = date } else { offset += date.timeIntervalSince(current) }
        }
    }

    /// What a restart needs to continue the clock: its offset from wall time and, when frozen,
    /// the instant it stands at.
    public struct State: Sendable, Hashable {
        public var offset: TimeInterval
        public var frozenAt: Date?
    }

    public var state: State { lock.withLock { State(offset: offset, frozenAt: frozenAt) } }

    /// Continues a saved clock: a running clock keeps its offset from wall time (it ran on while
    /// the server was down, as Knock's does), a frozen one stands where it was frozen.
    public func restore(_ state: State) {
        lock.withLock {
            offset = state.offset
            frozenAt = state.frozenAt
        }
    }

    private var unlockedNow: Date { frozenAt ?? wall().addingTimeInterval(offset) }
}
