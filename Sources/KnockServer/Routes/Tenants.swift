import KnockCore
import KnockEngine

/// `tenants ...`: list, get, set, delete.
enum TenantRoutes {
    static func register(_ routes: inout RouteTable) {
    }
}
