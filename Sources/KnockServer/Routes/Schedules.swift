import KnockCore
import KnockEngine

/// `schedules ...`: list (by workflow), list for a user or object, create, update, delete.
enum ScheduleRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("schedules", "list") { call in
            .json(try call.engine.listSchedules(call.env, workflow: call.query["workflow"], recipients: call.recipientReferences("recipients"),
                                                tenant: call.query["tenant"], page: call.pageRequest()).listJSON())
        }
        routes.add("schedules", "list-for-user") { call in
            .json(try call.engine.listRecipientSchedules(call.env, .user(call.path("user_id")), workflow: call.query["workflow"],
                                                         tenant: call.query["tenant"], page: call.pageRequest()).listJSON())
        }
        routes.add("schedules", "list-for-object") { call in
            .json(try call.engine.listRecipientSchedules(call.env, RecipientKey(collection: call.path("collection"), id: call.path("id")),
                                                         workflow: call.query["workflow"], tenant: call.query["tenant"], page: call.pageRequest()).listJSON())
        }
        routes.add("schedules", "create") { call in .json(try call.engine.createSchedules(call.env, body: call.body())) }
        routes.add("schedules", "update") { call in
            // The dedupe limit: schedules updated under a second ago come back unchanged.
            var body = try call.bodyObject()
            let ids = body["schedule_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let (admitted, limited) = call.dedupe("schedule_ids", ids)
            guard !limited.isEmpty else { return .json(try call.engine.updateSchedules(call.env, body: .object(body))) }
            body["schedule_ids"] = .array(admitted.map(JSON.string))
            let updated = try call.engine.updateSchedules(call.env, body: .object(body)).arrayValue ?? []
            let unchanged = try call.engine.getSchedules(call.env, ids: limited)
            var byID: [String: JSON] = [:]
            for s in updated + unchanged { if let id = s["id"]?.stringValue { byID[id] = s } }
            return Reply(status: 200, body: .array(ids.compactMap { byID[$0] }), headers: Call.ratelimitedHeader("schedule_ids", limited))
        }
        routes.add("schedules", "delete") { call in .json(try call.engine.deleteSchedules(call.env, body: call.body())) }
    }
}
