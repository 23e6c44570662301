import KnockCore
import KnockEngine

/// Bulk endpoints of every section (they all answer a `BulkOperation`) and `bulk-operations get`.
enum BulkRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("bulk-operations", "get") { call in
            .json(try call.engine.getBulkOperation(call.env, id: call.path("id")))
        }
        routes.add("users", "bulk-identify") { call in
            .json(try call.engine.enqueueBulk(call.env, .usersIdentify, items: requiredArray(call, "users")))
        }
        routes.add("users", "bulk-delete") { call in
            .json(try call.engine.enqueueBulk(call.env, .usersDelete, items: requiredArray(call, "user_ids")))
        }
        routes.add("preferences", "bulk-set-for-users") { call in
            let body = try call.bodyObject()
            guard case .object(let prefs)? = body["preferences"] else { throw EngineError.invalid("preferences", "is required") }
            return .json(try call.engine.enqueueBulk(call.env, .usersPreferences, items: requiredArray(call, "user_ids"),
                                                     context: ["preferences": .object(prefs)]))
        }
        routes.add("objects", "bulk-set") { call in
            .json(try call.engine.enqueueBulk(call.env, .objectsSet, items: requiredArray(call, "objects"),
                                              context: ["collection": .string(call.path("collection"))]))
        }
        routes.add("objects", "bulk-delete") { call in
            .json(try call.engine.enqueueBulk(call.env, .objectsDelete, items: requiredArray(call, "object_ids"),
                                              context: ["collection": .string(call.path("collection"))]))
        }
    }

    static func requiredArray(_ call: Call, _ name: String) throws -> [JSON] {
        let body = try call.bodyObject()
        guard case .array(let items)? = body[name] else { throw EngineError.invalid(name, "is required and must be an array") }
        if items.count > 1000 { throw EngineError.invalid(name, "must have at most 1000 entries") }
        return items
    }
}
