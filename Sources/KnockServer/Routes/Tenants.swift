import KnockCore
import KnockEngine

/// `tenants ...`: list (filters `tenant_id`, `name`), get, set, delete.
enum TenantRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("tenants", "list") { call in
            .json(try call.engine.listTenants(call.env, page: call.pageRequest(), tenantID: call.query["tenant_id"], name: call.query["name"]).listJSON())
        }
        routes.add("tenants", "get") { call in
            .json(try call.engine.getTenant(call.env, id: call.path("id")))
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
