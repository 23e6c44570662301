import Foundation
import KnockCore

/// Injected failures as saved in `runtime_state` (kind `failures`, one row per channel):
/// `{"queue": [{"outcome": "bounced", "remaining": 2}, …]}`, in the order they apply.
extension FailureInjector {
    static func stateJSON(_ queue: [Injection]) -> JSON {
        ["queue": .array(queue.map { ["outcome": .string($0.outcome.rawValue), "remaining": .int($0.remaining)] })]
    }

    static func queue(from doc: JSON) throws(StateDecodingError) -> [Injection] {
        guard case .array(let items)? = doc["queue"] else { throw StateDecodingError("missing queue") }
        var queue: [Injection] = []
        for item in items {
            guard let outcome = item["outcome"]?.stringValue.flatMap(Outcome.init(rawValue:)),
                  let remaining = item["remaining"]?.intValue, remaining > 0 else { throw StateDecodingError("bad injection \(item.serialized())") }
            queue.append(Injection(outcome: outcome, remaining: remaining))
        }
        return queue
    }
}

extension WorkflowRuntime {
    /// Puts saved failure queues back on their channels; a channel that is gone drops its row.
    func restoreFailures(_ saved: [String: JSON], drop: (RuntimeStateKind, String, Error) -> Void) {
        var queues: [UUID: [FailureInjector.Injection]] = [:]
        for (key, doc) in saved {
            do throws(StateDecodingError) {
                guard let channel = channels.channel(idOrKey: key) else { throw StateDecodingError("no channel \(key)") }
                queues[channel.id] = try FailureInjector.queue(from: doc)
            } catch { drop(.failures, key, error) }
        }
        failureInjector.restore(queues)
        // Written as loaded: nothing to save until an injection or delivery moves them.
        (persistence.failureChanges, persistence.storedFailureChannels) = (failureInjector.snapshot().changes, Set(queues.keys))
    }
}
