import KnockCore
import KnockEngine

/// `channel-data ...` for users and objects.
enum ChannelDataRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("channel-data", "get-for-user") { call in
            .json(try call.engine.getChannelData(call.env, .user(call.path("user_id")), channelID: call.path("channel_id")))
        }
        routes.add("channel-data", "set-for-user") { call in
            .json(try call.engine.setChannelData(call.env, .user(call.path("user_id")), channelID: call.path("channel_id"), body: call.body()))
        }
        routes.add("channel-data", "unset-for-user") { call in
            try call.engine.unsetChannelData(call.env, .user(call.path("user_id")), channelID: call.path("channel_id"))
            return .noContent
        }
        routes.add("channel-data", "get-for-object") { call in
            .json(try call.engine.getChannelData(call.env, object(call), channelID: call.path("channel_id")))
        }
        routes.add("channel-data", "set-for-object") { call in
            .json(try call.engine.setChannelData(call.env, object(call), channelID: call.path("channel_id"), body: call.body()))
        }
        routes.add("channel-data", "unset-for-object") { call in
            try call.engine.unsetChannelData(call.env, object(call), channelID: call.path("channel_id"))
            return .noContent
        }
    }

    static func object(_ call: Call) -> RecipientKey {
        RecipientKey(collection: call.path("collection"), id: call.path("object_id"))
    }
}
