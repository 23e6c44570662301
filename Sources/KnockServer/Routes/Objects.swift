import KnockCore
import KnockEngine

/// `objects ...`: list, get, set, delete (bulk in Routes/Bulk.swift).
enum ObjectRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("objects", "list") { call in
            .json(try call.engine.listObjects(call.env, collection: call.path("collection"), page: call.pageRequest(),
                                              includePreferences: call.includesPreferences).listJSON())
        }
        routes.add("objects", "get") { call in
            .json(try call.engine.getObject(call.env, collection: call.path("collection"), id: call.path("id")))
        }
        routes.add("objects", "set") { call in
            .json(try call.engine.setObject(call.env, collection: call.path("collection"), id: call.path("id"), body: call.body()))
        }
        routes.add("objects", "delete") { call in
            try call.engine.deleteObject(call.env, collection: call.path("collection"), id: call.path("id"))
            return .noContent
        }
    }
}
