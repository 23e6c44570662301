import KnockCore
import KnockEngine

/// `preferences ...` for users and objects (bulk set in Routes/Bulk.swift).
enum PreferenceRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("preferences", "list-for-user") { call in
            .json(try call.engine.listPreferences(call.env, .user(call.path("user_id"))))
        }
        routes.add("preferences", "get-for-user") { call in
            .json(try call.engine.getPreferences(call.env, .user(call.path("user_id")), setID: call.path("id")))
        }
        routes.add("preferences", "set-for-user") { call in
            .json(try call.engine.setPreferences(call.env, .user(call.path("user_id")), setID: call.path("id"), body: call.body()))
        }
        routes.add("preferences", "list-for-object") { call in
            .json(try call.engine.listPreferences(call.env, object(call)))
        }
        routes.add("preferences", "get-for-object") { call in
            .json(try call.engine.getPreferences(call.env, object(call), setID: call.path("id")))
        }
        routes.add("preferences", "set-for-object") { call in
            .json(try call.engine.setPreferences(call.env, object(call), setID: call.path("id"), body: call.body()))
        }
    }

    static func object(_ call: Call) -> RecipientKey {
        RecipientKey(collection: call.path("collection"), id: call.path("object_id"))
    }
}
