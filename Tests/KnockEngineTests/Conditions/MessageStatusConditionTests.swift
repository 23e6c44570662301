import KnockCore
import Testing
@testable import KnockEngine

@Suite struct MessageStatusConditionTests {
    let ctx = ConditionContext(refs: [
        "email_1": .messages([MessageSnapshot(deliveryStatus: "delivered", engagement: ["seen"])]),
        "sms_1": .skipped,
        "push_1": .messages([MessageSnapshot(deliveryStatus: "sent", engagement: ["seen", "read", "link_clicked"])]),
        "chat_1": .messages([MessageSnapshot(deliveryStatus: "undelivered"), MessageSnapshot(deliveryStatus: "sent")]),
    ])

    func check(_ variable: String, _ op: ConditionOperator, _ token: String) -> Bool {
        ConditionEvaluator().evaluate(Condition(variable: variable, operator: op, argument: "$message.\(token)"), in: ctx)
    }

    @Test func deliveryStatus() {
        #expect(check("refs.email_1.delivery_status", .greaterThanOrEqualTo, "sent"))     // "has been sent"
        #expect(!check("refs.email_1.delivery_status", .lessThan, "delivered"))           // "not delivered"
        #expect(check("refs.email_1.delivery_status", .equalTo, "delivered"))
        #expect(check("refs.email_1.delivery_status", .notEqualTo, "bounced"))
        #expect(check("refs.sms_1.delivery_status", .equalTo, "skipped"))
        #expect(!check("refs.email_1.delivery_status", .equalTo, "skipped"))
        #expect(check("refs.sms_1.delivery_status", .lessThan, "delivered"))             // skipped ranks lowest [I]
        #expect(!check("refs.sms_1.delivery_status", .equalTo, "undelivered"))
        #expect(check("refs.chat_1.delivery_status", .equalTo, "sent"))                  // several messages: any / highest
        #expect(check("refs.chat_1.delivery_status", .equalTo, "undelivered"))
        #expect(check("refs.chat_1.delivery_status", .lessThan, "delivered"))
        #expect(!check("refs.push_1.delivery_status", .greaterThanOrEqualTo, "delivered")) // engagement ignored for delivery_status
    }

    @Test func engagementStatus() {
        #expect(check("refs.email_1.engagement_status", .contains, "seen"))
        #expect(check("refs.email_1.engagement_status", .contains, "seen_not_read"))
        #expect(check("refs.email_1.engagement_status", .notContains, "read"))
        #expect(!check("refs.push_1.engagement_status", .contains, "seen_not_read"))
        #expect(check("refs.push_1.engagement_status", .contains, "link_clicked"))
        #expect(!check("refs.push_1.engagement_status", .contains, "read_not_link_clicked"))
        #expect(!check("refs.sms_1.engagement_status", .contains, "seen"))
    }

    @Test func legacyStatusUsesCombinedHierarchy() {
        #expect(check("refs.email_1.status", .lessThan, "read"))          // seen < read
        #expect(check("refs.email_1.status", .greaterThanOrEqualTo, "delivered"))
        #expect(check("refs.push_1.status", .greaterThan, "read"))        // link_clicked > read
        #expect(check("refs.push_1.status", .lessThan, "archived"))
        #expect(check("refs.sms_1.status", .lessThan, "undelivered"))
    }

    @Test func unknownRefsAreFalse() {
        #expect(!check("refs.nope.delivery_status", .equalTo, "skipped"))
        #expect(!check("refs.nope.delivery_status", .notEqualTo, "sent"))
        #expect(!check("refs.nope.status", .lessThan, "seen"))
    }

    @Test func plainPathsIntoRefs() {
        let e = ConditionEvaluator()
        #expect(ctx.lookup("refs.email_1.delivery_status") == "delivered")
        #expect(ctx.lookup("refs.push_1.engagement_status") == ["link_clicked", "read", "seen"])
        #expect(ctx.lookup("refs.push_1.status") == "link_clicked")
        #expect(e.evaluate(Condition(variable: "refs.email_1.engagement_status", operator: .contains, argument: "seen"), in: ctx))
    }
}
