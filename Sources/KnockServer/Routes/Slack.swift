import KnockCore
import KnockEngine

/// `slack ...`: auth_check, channels, revoke_access, answered from the stored access token.
enum SlackRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("slack", "auth-check") { call in
            .json(try call.engine.slackAuthCheck(call.env, channelID: call.path("channel_id"), tokenObject: call.tokenObject("access_token_object")))
        }
        routes.add("slack", "channels") { call in
            var limit = 200
            if let l = call.query["query_options.limit"] ?? call.query.object("query_options")?["limit"]?.stringValue {
                guard let n = Int(l), n >= 1, n <= 1000 else { throw EngineError.invalid("query_options.limit", "must be an integer between 1 and 1000") }
                limit = n
            }
            let options = call.query.object("query_options") ?? [:]
            func option(_ k: String) -> String? { call.query["query_options.\(k)"] ?? options[k]?.stringValue }
            let types = (option("types") ?? "public_channel,private_channel").split(separator: ",").map { String($0).trimmingCharacters(in: " ") }
            return .json(try call.engine.slackChannels(
                call.env, channelID: call.path("channel_id"), tokenObject: call.tokenObject("access_token_object"),
                cursor: option("cursor"), limit: limit, types: types, excludeArchived: option("exclude_archived") != "false",
                teamID: option("team_id")))
        }
        routes.add("slack", "revoke-access") { call in
            .json(try call.engine.slackRevokeAccess(call.env, channelID: call.path("channel_id"), tokenObject: call.tokenObject("access_token_object")))
        }
    }
}

extension String {
    func trimmingCharacters(in c: Character) -> String { Substring(self).trimmingCharacters(in: c) }
}
