import Foundation
import KnockCore

/// Decides whether a channel step may send to a recipient under their preferences (§3.7).
///
/// All checks must pass: the workflow's entry (`workflows.<key>`, with its conditions and nested
/// channel rules), every category of the workflow, the top-level channel rule (`channels.<uuid>`
/// beats `channel_types.<type>`), and for commercial workflows `commercial_subscribed`. The
/// order only changes which reason is reported; it and the other inferred ([I]) choices are in
/// `Options`.
///
/// ```swift
/// let evaluator = PreferenceEvaluator(conditions: ConditionEvaluator())
/// let layers = PreferenceLayers(recipientSets: ["default": ["categories": ["marketing": false]]])
/// let d = evaluator.decide(layers: layers, workflow: promo, channel: emailChannel, context: ctx)
/// d.send     // false
/// d.reason   // .optedOut(path: "categories.marketing")
/// ```
public struct PreferenceEvaluator: Sendable {
    public enum Check: String, Sendable, Hashable, CaseIterable { case workflow, categories, channel, commercial }

    public struct Options: Sendable, Hashable {
        /// The order checks run in; the first failing check is the reported reason.
        public var order: [Check] = [.workflow, .categories, .channel, .commercial]
        /// `override_preferences` also bypasses `commercial_subscribed` (undocumented; assumed yes).
        public var overrideBypassesCommercial = true
        /// Within one node, a `channels.<uuid>` entry replaces the `channel_types` entry; when false both must pass.
        public var channelBeatsChannelType = true
        /// `commercial_subscribed` is read from the recipient's `default` set first, then the effective set.
        public var commercialFromRecipientDefault = true

        public init() {}
    }

    public var conditions: ConditionEvaluator
    public var options: Options

    public init(conditions: ConditionEvaluator = ConditionEvaluator(), options: Options = Options()) {
        self.conditions = conditions
        self.options = options
    }

    /// What the evaluator needs to know about the workflow.
    public struct Target: Sendable, Hashable {
        public var workflowKey: String
        public var categories: [String]
        public var overridePreferences: Bool
        public var isCommercial: Bool
        /// Lower-case channel UUID string, as `channels` keys are stored.
        public var channelID: String
        public var channelType: ChannelType

        public init(workflowKey: String, categories: [String] = [], overridePreferences: Bool = false,
                    isCommercial: Bool = false, channelID: String, channelType: ChannelType) {
            self.workflowKey = workflowKey
            self.categories = categories
            self.overridePreferences = overridePreferences
            self.isCommercial = isCommercial
            self.channelID = channelID.lowercased()
            self.channelType = channelType
        }

        public init(workflow: WorkflowDefinition, channel: Channel) {
            self.init(workflowKey: workflow.key, categories: workflow.categories, overridePreferences: workflow.overridePreferences,
                      isCommercial: workflow.isCommercial, channelID: channel.idText, channelType: channel.type)
        }
    }

    public func decide(layers: PreferenceLayers, workflow: WorkflowDefinition, channel: Channel, context: @autoclosure () -> ConditionContext)
        -> PreferenceDecision
    {
        decide(layers: layers, target: Target(workflow: workflow, channel: channel), context: context())
    }

    /// `context` is made only if a condition rule has to be evaluated (most preference sets have none).
    public func decide(layers: PreferenceLayers, target: Target, context: @autoclosure () -> ConditionContext) -> PreferenceDecision {
        if target.overridePreferences {
            if options.overrideBypassesCommercial || !target.isCommercial { return .overridden }
            if let fail = commercial(layers: layers, effective: layers.effective().set, context: context) { return fail }
            return .overridden
        }
        let effective = layers.effective().set
        for check in options.order {
            let failure: PreferenceDecision?
            switch check {
            case .workflow:
                failure = setting(effective.workflows?[target.workflowKey], path: "workflows.\(target.workflowKey)", target, context)
            case .categories:
                var first: PreferenceDecision?
                for c in target.categories {
                    first = setting(effective.categories?[c], path: "categories.\(c)", target, context)
                    if first != nil { break }
                }
                failure = first
            case .channel:
                failure = channelRule(types: effective.channelTypes, channels: effective.channels, path: "", target, context)
            case .commercial:
                failure = target.isCommercial ? commercial(layers: layers, effective: effective, context: context) : nil
            }
            if let failure { return failure }
        }
        return .allowed
    }

    /// `path` (where the deciding rule sits, for the reason) is only made for a rule that decides.
    private func setting(_ s: PreferenceSetting?, path: @autoclosure () -> String, _ target: Target, _ context: () -> ConditionContext)
        -> PreferenceDecision?
    {
        switch s {
        case nil, .bool(true)?: return nil
        case .bool(false)?: return PreferenceDecision(send: false, reason: .optedOut(path: path()))
        case .setting(let types, let channels, let conds)?:
            if let c = conditions.firstFailure(in: conds, context: context()) {
                return PreferenceDecision(send: false, reason: .conditionsFailed(path: "\(path()).conditions", condition: c))
            }
            return channelRule(types: types, channels: channels, path: path(), target, context)
        }
    }

    private func channelRule(types: [String: ChannelPreference]?, channels: [String: ChannelPreference]?, path: String,
                             _ target: Target, _ context: () -> ConditionContext) -> PreferenceDecision? {
        guard channels != nil || types != nil else { return nil }
        let prefix = path.isEmpty ? "" : "\(path)."
        let byChannel = channels?[target.channelID]
        let byType = types?[target.channelType.rawValue]
        if let byChannel, options.channelBeatsChannelType {
            return rule(byChannel, path: "\(prefix)channels.\(target.channelID)", context)
        }
        if let byChannel, let fail = rule(byChannel, path: "\(prefix)channels.\(target.channelID)", context) { return fail }
        return byType.flatMap { rule($0, path: "\(prefix)channel_types.\(target.channelType.rawValue)", context) }
    }

    private func rule(_ p: ChannelPreference, path: @autoclosure () -> String, _ context: () -> ConditionContext) -> PreferenceDecision? {
        switch p {
        case .bool(true): return nil
        case .bool(false): return PreferenceDecision(send: false, reason: .optedOut(path: path()))
        case .conditions(let conds):
            return conditions.firstFailure(in: conds, context: context()).map {
                PreferenceDecision(send: false, reason: .conditionsFailed(path: "\(path()).conditions", condition: $0))
            }
        }
    }

    private func commercial(layers: PreferenceLayers, effective: PreferenceSet, context: () -> ConditionContext) -> PreferenceDecision? {
        let recipientDefault = layers.recipientSets["default"].flatMap { $0["commercial_subscribed"] }.flatMap(ChannelPreference.init(json:))
        let value = (options.commercialFromRecipientDefault ? recipientDefault : nil) ?? effective.commercialSubscribed
        return value.flatMap { rule($0, path: "commercial_subscribed", context) }
    }
}
