import KnockCore
import KnockEngine

/// `/_admin` routes of the workflow runtime: the environment clock, the outbox, channels and
/// failure injection (paths as in the catalog's local-engine section).
enum RuntimeAdminRoutes {
    static func register(_ admin: inout AdminRoutes) {
        admin.add("clock", "now") { call in .json(call.engine.runtime(try call.environment()).clockJSON) }
        admin.add("clock", "advance") { call in
            let runtime = call.engine.runtime(try call.environment())
            let body = try call.body()
            let text = body["duration"]?.stringValue ?? call.query["duration"] ?? ""
            guard let d = KnockDuration(parsing: text) else {
                throw EngineError.invalid("duration", "must be a duration such as 30s, 10m, 2h or 1d")
            }
            runtime.advance(by: d.seconds)
            return .json(runtime.clockJSON)
        }
        admin.add("clock", "freeze") { call in
            let runtime = call.engine.runtime(try call.environment())
            runtime.freeze()
            return .json(runtime.clockJSON)
        }
        admin.add("clock", "unfreeze") { call in
            let runtime = call.engine.runtime(try call.environment())
            runtime.unfreeze()
            return .json(runtime.clockJSON)
        }
        admin.add("outbox", "list") { call in
            let q = OutboxQuery(channelType: call.query["channel_type"], to: call.query["to"], workflow: call.query["workflow"], recipient: call.query["recipient"])
            return .json(["items": .array(call.engine.runtime(try call.environment()).outbox(q))])
        }
        admin.add("channels", "list") { call in
            .json(["items": .array(call.engine.runtime(try call.environment()).channelsJSON)])
        }
        admin.add("channels", "fail-next") { call in
            let runtime = call.engine.runtime(try call.environment())
            let body = try call.body()
            return .json(try runtime.injectFailures(channel: call.path("channel_id"), body: body))
        }
    }
}
