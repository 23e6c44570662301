import KnockCore
import KnockEngine

/// `audiences ...`: list, add and remove members.
enum AudienceRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("audiences", "list-members") { call in
            .json(try call.engine.listAudienceMembers(call.env, key: call.path("key"), page: call.pageRequest()).listJSON())
        }
        routes.add("audiences", "add-members") { call in
            try call.engine.addAudienceMembers(call.env, key: call.path("key"), body: call.body(), createAudience: call.flag("create_audience"))
            return .noContent
        }
        routes.add("audiences", "remove-members") { call in
            try call.engine.removeAudienceMembers(call.env, key: call.path("key"), body: call.body())
            return .noContent
        }
    }
}
