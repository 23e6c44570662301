import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct PreferenceEvaluatorTests {
    static let email = Channel(key: "postmark", type: .email)
    static let sms = Channel(key: "twilio", type: .sms)
    static var emailID: String { email.id.uuidString.lowercased() }

    static func workflow(_ key: String = "new-comment", categories: [String] = ["comments"], commercial: Bool = false, override: Bool = false) -> WorkflowDefinition {
        try! WorkflowDefinition(key: key, json: [
            "name": "x", "categories": .array(categories.map(JSON.string)),
            "settings": ["is_commercial": .bool(commercial), "override_preferences": .bool(override)], "steps": [],
        ])
    }

    let ctx = ConditionContext(data: ["dino": "trex"], recipient: ["id": "u1", "country": "US", "muted_dinos": ["raptor"]])

    func decide(_ sets: [String: JSON], workflow: WorkflowDefinition = Self.workflow(), channel: Channel = Self.email,
                tenant: String? = nil, tenantSet: JSON? = nil, env: JSON? = nil,
                options: PreferenceEvaluator.Options = .init()) -> PreferenceDecision {
        PreferenceEvaluator(options: options).decide(
            layers: PreferenceLayers(recipientSets: sets, tenantID: tenant, tenantPreferenceSet: tenantSet, environmentDefault: env),
            workflow: workflow, channel: channel, context: ctx)
    }

    @Test func decisionTable() {
        let cond = { (v: String, op: String, a: String) -> JSON in ["variable": .string(v), "operator": .string(op), "argument": .string(a)] }
        let rows: [(String, [String: JSON], PreferenceDecision)] = [
            ("no preferences: opted in", [:], .allowed),
            ("workflow false", ["default": ["workflows": ["new-comment": false]]], .init(send: false, reason: .optedOut(path: "workflows.new-comment"))),
            ("other workflow false", ["default": ["workflows": ["other": false]]], .allowed),
            ("workflow setting channel type", ["default": ["workflows": ["new-comment": ["channel_types": ["email": false]]]]],
             .init(send: false, reason: .optedOut(path: "workflows.new-comment.channel_types.email"))),
            ("workflow setting conditions fail", ["default": ["workflows": ["new-comment": ["conditions": [cond("recipient.country", "equal_to", "FR")]]]]],
             .init(send: false, reason: .conditionsFailed(path: "workflows.new-comment.conditions",
                                                           condition: Condition(variable: "recipient.country", operator: .equalTo, argument: "FR")))),
            ("workflow setting conditions pass", ["default": ["workflows": ["new-comment": ["conditions": [cond("recipient.muted_dinos", "not_contains", "data.dino")]]]]], .allowed),
            ("category false beats channel true", ["default": ["categories": ["comments": false], "channel_types": ["email": true]]],
             .init(send: false, reason: .optedOut(path: "categories.comments"))),
            ("category setting channel", ["default": ["categories": ["comments": ["channels": [.init(stringLiteral: Self.emailID): false]]]]],
             .init(send: false, reason: .optedOut(path: "categories.comments.channels.\(Self.emailID)"))),
            ("channel type false", ["default": ["channel_types": ["email": false]]], .init(send: false, reason: .optedOut(path: "channel_types.email"))),
            ("other channel type false", ["default": ["channel_types": ["sms": false]]], .allowed),
            ("channel beats channel type", ["default": ["channel_types": ["email": false], "channels": [.init(stringLiteral: Self.emailID.uppercased()): true]]], .allowed),
            ("channel false", ["default": ["channels": [.init(stringLiteral: Self.emailID): false]]],
             .init(send: false, reason: .optedOut(path: "channels.\(Self.emailID)"))),
            ("channel type conditions", ["default": ["channel_types": ["email": ["conditions": [cond("recipient.country", "equal_to", "US")]]]]], .allowed),
            ("deprecated subscribed form", ["default": ["workflows": ["new-comment": ["subscribed": false]]]],
             .init(send: false, reason: .optedOut(path: "workflows.new-comment"))),
            ("null sections are unset", ["default": ["workflows": nil, "categories": nil, "channel_types": nil]], .allowed),
            ("commercial ignored on non-commercial", ["default": ["commercial_subscribed": false]], .allowed),
            ("tenant set unused without tenant", ["acme": ["channel_types": ["email": false]]], .allowed),
        ]
        for (name, sets, expected) in rows {
            #expect(decide(sets) == expected, "\(name)")
        }
    }

    @Test func commercialWorkflows() {
        let promo = Self.workflow("promo", categories: ["marketing"], commercial: true)
        #expect(decide([:], workflow: promo) == .allowed)
        #expect(decide(["default": ["commercial_subscribed": false]], workflow: promo)
            == .init(send: false, reason: .optedOut(path: "commercial_subscribed")))
        #expect(decide(["default": ["commercial_subscribed": true]], workflow: promo, env: ["commercial_subscribed": false]) == .allowed)
        #expect(decide([:], workflow: promo, env: ["commercial_subscribed": false])
            == .init(send: false, reason: .optedOut(path: "commercial_subscribed")))
        let conditional: JSON = ["commercial_subscribed": ["conditions": [["variable": "recipient.country", "operator": "equal_to", "argument": "US"]]]]
        #expect(decide(["default": conditional], workflow: promo) == .allowed)
        // Commercial check uses the recipient's default set even on a tenant run.
        #expect(decide(["default": ["commercial_subscribed": false], "acme": [:]], workflow: promo, tenant: "acme")
            == .init(send: false, reason: .optedOut(path: "commercial_subscribed")))
    }

    @Test func overridePreferences() {
        let wf = Self.workflow(override: true)
        let optedOut: [String: JSON] = ["default": ["workflows": ["new-comment": false], "channel_types": ["email": false]]]
        #expect(decide(optedOut, workflow: wf) == .overridden)
        let commercial = Self.workflow(commercial: true, override: true)
        #expect(decide(["default": ["commercial_subscribed": false]], workflow: commercial) == .overridden)
        var strict = PreferenceEvaluator.Options()
        strict.overrideBypassesCommercial = false
        #expect(decide(["default": ["commercial_subscribed": false]], workflow: commercial, options: strict)
            == .init(send: false, reason: .optedOut(path: "commercial_subscribed")))
    }

    @Test func tenantLayers() {
        // Recipient's tenant set beats the tenant's preference_set; the recipient default is not consulted.
        #expect(decide(["default": ["channel_types": ["email": false]], "acme": ["channel_types": ["email": true]]], tenant: "acme") == .allowed)
        #expect(decide(["default": [:]], tenant: "acme", tenantSet: ["channel_types": ["email": false]])
            == .init(send: false, reason: .optedOut(path: "channel_types.email")))
        #expect(decide(["acme": ["channel_types": ["email": true]]], tenant: "acme", tenantSet: ["channel_types": ["email": false]]) == .allowed)
        // A tenant node marked replace overrides the recipient's value for that node.
        #expect(decide(["acme": ["categories": ["comments": true]]], tenant: "acme",
                       tenantSet: ["categories": ["comments": ["__strategy__": "replace", "channel_types": ["email": false]]]])
            == .init(send: false, reason: .optedOut(path: "categories.comments.channel_types.email")))
        // Tenant without tenant-specific data: recipient default applies.
        #expect(decide(["default": ["channel_types": ["email": false]]], tenant: "globex")
            == .init(send: false, reason: .optedOut(path: "channel_types.email")))
        // Environment default sits under everything.
        #expect(decide([:], env: ["channel_types": ["email": false]]) == .init(send: false, reason: .optedOut(path: "channel_types.email")))
        #expect(decide(["default": ["channel_types": ["email": true]]], env: ["channel_types": ["email": false]]) == .allowed)
    }

    @Test func effectiveSetMergesDeeply() {
        let layers = PreferenceLayers(recipientSets: ["acme": ["categories": ["a": ["channel_types": ["sms": false]]], "channel_types": nil]],
                                      tenantID: "acme",
                                      tenantPreferenceSet: ["categories": ["a": ["channel_types": ["email": false]], "b": ["__strategy__": "replace", "channel_types": ["push": false]]],
                                                            "channel_types": ["chat": false]])
        let e = layers.effective()
        #expect(e.usedTenant)
        #expect(e.json == ["categories": ["a": ["channel_types": ["email": false, "sms": false]], "b": ["channel_types": ["push": false]]],
                           "channel_types": ["chat": false]])
    }

    @Test func configurableOrderAndChannelRule() {
        let sets: [String: JSON] = ["default": ["workflows": ["new-comment": false], "channel_types": ["email": false],
                                                "channels": [.init(stringLiteral: Self.emailID): true]]]
        #expect(decide(sets) == .init(send: false, reason: .optedOut(path: "workflows.new-comment")))
        var o = PreferenceEvaluator.Options()
        o.order = [.channel, .workflow]
        #expect(decide(sets, options: o) == .init(send: false, reason: .optedOut(path: "workflows.new-comment")))
        o.channelBeatsChannelType = false
        #expect(decide(sets, options: o) == .init(send: false, reason: .optedOut(path: "channel_types.email")))
        #expect("\(decide(sets))" == "skip: opted out at workflows.new-comment")
    }
}
