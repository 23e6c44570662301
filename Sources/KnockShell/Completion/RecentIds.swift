import KnockCore
import Synchronization

/// Ids seen in recent results (users, messages, workflow runs), offered where an argument goes.
///
/// ```swift
/// let ids = RecentIds(capacity: 50)
/// ids.observe(["id": "u1", "workflow_run_id": "9f1c..."])
/// ids.all   // ["9f1c...", "u1"]: newest first
/// ```
public final class RecentIds: Sendable {
    public let capacity: Int
    private let state = Mutex<[String]>([])

    public init(capacity: Int = 50) { self.capacity = capacity }

    public var all: [String] { state.withLock { $0 } }

    /// Collects `id` and `*_id` string fields, a few levels deep (list responses nest them in
    /// `entries`/`items`), so an id can be typed back without copying it.
    public func observe(_ value: JSON) {
        var found: [String] = []
        Self.collect(value, depth: 0, into: &found)
        guard !found.isEmpty else { return }
        state.withLock { ids in
            for id in found {
                ids.removeAll { $0 == id }
                ids.insert(id, at: 0)
            }
            if ids.count > capacity { ids.removeLast(ids.count - capacity) }
        }
    }

    private static func collect(_ value: JSON, depth: Int, into found: inout [String]) {
        guard depth < 4, found.count < 200 else { return }
        switch value {
        case .object(let o):
            for (key, v) in o {
                if key == "id" || key.hasSuffix("_id"), let s = v.stringValue, !s.isEmpty, !s.contains(" ") {
                    found.append(s)
                } else {
                    collect(v, depth: depth + 1, into: &found)
                }
            }
        case .array(let a):
            for v in a.prefix(50) { collect(v, depth: depth + 1, into: &found) }
        default:
            break
        }
    }
}
