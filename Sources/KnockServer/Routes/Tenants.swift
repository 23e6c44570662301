import KnockCore
import KnockEngine

/// `tenants ...`: list (filters `tenant_id`, `name`), get, set, delete; list and get take
/// `resolve_full_preference_settings=true`.
enum TenantRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("tenants", "list") { call in
            .json(try call.engine.listTenants(call.env, page: call.pageRequest(), tenantID: call.query["tenant_id"], name: call.query["name"],
                                              resolveFullPreferenceSettings: call.query["resolve_full_preference_settings"] == "true").listJSON())
        }
        routes.add("tenants", "get") { call in
            .json(try call.engine.getTenant(call.env, id: call.path("id"), resolveFullPreferenceSettings: call.query["resolve_full_preference_settings"] == "true"))
        }
        routes.add("tenants", "set") { call in
            .json(try call.engine.setTenant(call.env, id: call.path("id"), body: call.body()))
        }
        routes.add("tenants", "delete") { call in
            try call.engine.deleteTenant(call.env, id: call.path("id"))
            return .noContent
        }
    }
}
