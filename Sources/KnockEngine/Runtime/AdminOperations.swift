import Foundation
import KnockCore

/// What the `/_admin` routes of the local engine call: outbox, channels and failure injection
/// (the clock calls are in `ClockControl`).
///
/// ```swift
/// runtime.outbox(OutboxQuery(channelType: "email"))
/// try runtime.injectFailures(channel: "email", body: ["count": 2, "outcome": "bounced"])
/// ```
extension WorkflowRuntime {
    /// Outbox entries, oldest first.
    public func outbox(_ query: OutboxQuery) -> [JSON] { onExecutor { query.apply(messages.outbox()).map(\.json) } }

    /// Every channel with its pending injected failures.
    public var channelsJSON: [JSON] {
        channels.channels.map { c in
            var o = c.json.objectValue ?? [:]
            o["pending_failures"] = .array(failureInjector.pending(channelID: c.id).map {
                ["outcome": .string($0.outcome.rawValue), "remaining": .int($0.remaining)]
            })
            return .object(o)
        }
    }

    /// `POST /_admin/channels/{channel_id}/failures {count, outcome}`; the channel by id or key.
    @discardableResult
    public func injectFailures(channel idOrKey: String, body: JSON) throws(EngineError) -> JSON {
        guard let channel = channels.channel(idOrKey: idOrKey) else {
            throw EngineError(.notFound, code: "resource_missing", message: "The channel \"\(idOrKey)\" was not found.")
        }
        var count = 1
        switch body["count"] {
        case nil, .null?: break
        case let v? where v.intValue != nil && v.intValue! >= 1 && v.intValue! <= 10_000: count = v.intValue!
        default: throw EngineError.invalid("count", "must be an integer from 1 to 10000", type: "type")
        }
        var outcome = FailureInjector.Outcome.undelivered
        switch body["outcome"] {
        case nil, .null?: break
        case .string(let s)? where FailureInjector.Outcome(rawValue: s) != nil: outcome = FailureInjector.Outcome(rawValue: s)!
        default:
            throw EngineError.invalid("outcome", "must be one of \(FailureInjector.Outcome.allCases.map(\.rawValue).joined(separator: ", "))", type: "enum")
        }
        // On the executor, so the queue is saved (`runtime_state`) as the job ends.
        onExecutor {
            failureInjector.inject(outcome, count: count, channelID: channel.id)
            saveState()
        }
        var o = channel.json.objectValue ?? [:]
        o["pending_failures"] = .array(failureInjector.pending(channelID: channel.id).map {
            ["outcome": .string($0.outcome.rawValue), "remaining": .int($0.remaining)]
        })
        return .object(o)
    }
}
