import Foundation

/// Whether engine work can wait on the network, for callers that must never wait on it.
///
/// Engine work waits only on CPU (runs, reads, commits) unless a loaded workflow has an
/// `http_fetch` step: that step waits for an answer, and the answer may come from this very
/// engine's HTTP server. The server answers a request on its event loop (no hand-off to another
/// thread and back) only from inside this gate; once a workflow with `http_fetch` is loaded the
/// gate closes for good, after every request inside has left, so no event loop is ever parked
/// behind a fetch that needs it.
///
/// ```swift
/// if engine.networkWaits.enterWhileCPUBound() {
///     defer { engine.networkWaits.leave() }
///     answer(request)                     // may wait on the runtime, never on the network
/// }
/// ```
public final class NetworkWaitGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var inside = 0
    private var networkWaitsAllowed = false

    public init() {}

    /// True when no engine work can wait on the network; then the caller is inside and must
    /// call `leave()` when done.
    public func enterWhileCPUBound() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !networkWaitsAllowed else { return false }
        inside += 1
        return true
    }

    public func leave() {
        condition.lock()
        inside -= 1
        if inside == 0 { condition.broadcast() }
        condition.unlock()
    }

    /// Engine work may wait on the network from now on. Returns once no caller is inside, so
    /// work that may fetch can start only after. The first call must not come from inside the
    /// gate; later ones return at once (nobody has entered since the first).
    func allowNetworkWaits() {
        condition.lock()
        defer { condition.unlock() }
        guard !networkWaitsAllowed else { return }
        networkWaitsAllowed = true
        while inside > 0 { condition.wait() }
    }

    /// Whether `allowNetworkWaits` was called.
    public var allowsNetworkWaits: Bool {
        condition.lock()
        defer { condition.unlock() }
        return networkWaitsAllowed
    }
}

extension Step {
    /// Whether running this step may wait on the network: an `http_fetch`, here or in a branch.
    var mayWaitOnNetwork: Bool {
        switch self {
        case .httpFetch: return true
        case .branch(let b): return b.branches.contains { $0.steps.contains(where: \.mayWaitOnNetwork) }
        default: return false
        }
    }
}
