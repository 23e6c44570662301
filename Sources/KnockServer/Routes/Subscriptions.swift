import KnockCore
import KnockEngine

/// `subscriptions ...`: list for an object (both modes), list for a user, add, delete, bulk add.
enum SubscriptionRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("subscriptions", "list") { call in
            let modeText = call.query["mode"] ?? "object"
            guard let mode = Engine.SubscriptionListMode(rawValue: modeText) else { throw EngineError.invalid("mode", "must be object or recipient") }
            return .json(try call.engine.listSubscriptions(
                call.env, object: object(call), mode: mode, page: call.pageRequest(),
                recipients: call.recipientReferences("recipients"), objects: call.recipientReferences("objects")).listJSON())
        }
        routes.add("subscriptions", "list-for-user") { call in
            .json(try call.engine.listUserSubscriptions(call.env, userID: call.path("user_id"), page: call.pageRequest(),
                                                        objects: call.recipientReferences("objects")).listJSON())
        }
        routes.add("subscriptions", "add") { call in
            .json(try call.engine.addSubscriptions(call.env, object: object(call), body: call.body()))
        }
        routes.add("subscriptions", "delete") { call in
            .json(try call.engine.deleteSubscriptions(call.env, object: object(call), body: call.body()))
        }
        routes.add("subscriptions", "bulk-add") { call in
            let body = try call.bodyObject()
            guard case .array(let items)? = body["subscriptions"] else { throw EngineError.invalid("subscriptions", "is required") }
            return .json(try call.engine.enqueueBulk(call.env, .subscriptionsAdd, items: items, context: ["collection": .string(call.path("collection"))]))
        }
    }

    static func object(_ call: Call) -> RecipientKey {
        RecipientKey(collection: call.path("collection"), id: call.path("object_id"))
    }
}
