import KnockEngine

/// The full route table: each API section registers its handlers from its own file.
///
/// To add an endpoint: write `routes.add("section", "operation") { call in ... }` in
/// `Routes/<Section>.swift` (the path and method come from the catalog), and call that file's
/// `register` here.
public enum Routes {
    public static func all() -> RouteTable {
        var routes = RouteTable()
        UserRoutes.register(&routes)
        ObjectRoutes.register(&routes)
        TenantRoutes.register(&routes)
        ChannelDataRoutes.register(&routes)
        PreferenceRoutes.register(&routes)
        SubscriptionRoutes.register(&routes)
        AudienceRoutes.register(&routes)
        ScheduleRoutes.register(&routes)
        BulkRoutes.register(&routes)
        SlackRoutes.register(&routes)
        WorkflowRoutes.register(&routes)
        MessageRoutes.register(&routes)
        MessageEngagementRoutes.register(&routes)
        FeedRoutes.register(&routes)
        return routes
    }

    /// The admin table (`/_admin/...`).
    public static func admin() -> AdminRoutes {
        var admin = AdminRoutes()
        EnvironmentAdminRoutes.register(&admin)
        RuntimeAdminRoutes.register(&admin)
        return admin
    }
}
