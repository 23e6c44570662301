import KnockCore
import KnockEngine

/// `users ...`: identify, get, list, delete, merge, bulk identify, bulk delete.
enum UserRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("users", "identify") { call in
            .json(try call.engine.identifyUser(call.env, id: call.path("user_id"), body: call.body()))
        }
        routes.add("users", "get") { call in
            .json(try call.engine.getUser(call.env, id: call.path("user_id")))
        }
        routes.add("users", "list") { call in
            .json(try call.engine.listUsers(call.env, page: call.pageRequest(), includePreferences: call.includesPreferences).listJSON())
        }
        routes.add("users", "delete") { call in
            try call.engine.deleteUser(call.env, id: call.path("user_id"))
            return .noContent
        }
        routes.add("users", "merge") { call in
            let body = try call.bodyObject()
            guard case .string(let from)? = body["from_user_id"], !from.isEmpty else { throw EngineError.invalid("from_user_id", "is required") }
            return .json(try call.engine.mergeUser(call.env, id: call.path("user_id"), fromUserID: from))
        }
    }
}
