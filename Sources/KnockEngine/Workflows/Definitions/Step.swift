import KnockCore

/// One workflow step, typed by `type`.
///
/// Every case carries `ref`, `name` and `conditions` (nil where the schema has none: batch and
/// branch steps). Step types the engine does not model (`wait_for_event`, `random_cohort`,
/// `ai_agent`, ...) load as `.unsupported` so a pulled workflow still loads; the runtime decides
/// what to do with them.
///
/// ```swift
/// for step in definition.steps {
///     switch step {
///     case .channel(let s): print(s.channelType, s.channelKey ?? "-")
///     case .delay(let s): print(s.delayFor?.seconds ?? 0)
///     default: break
///     }
/// }
/// ```
public enum Step: Sendable, Hashable {
    case channel(ChannelStep)
    case delay(DelayStep)
    case batch(BatchStep)
    case throttle(ThrottleStep)
    case branch(BranchStep)
    case httpFetch(HTTPFetchStep)
    case triggerWorkflow(TriggerWorkflowStep)
    case updateData(UpdateDataStep)
    case updateUser(UpdateRecipientStep)
    case updateObject(UpdateRecipientStep)
    case updateTenant(UpdateRecipientStep)
    case unsupported(UnsupportedStep)

    /// The fields every step has.
    public var common: StepCommon {
        switch self {
        case .channel(let s): return s.common
        case .delay(let s): return s.common
        case .batch(let s): return s.common
        case .throttle(let s): return s.common
        case .branch(let s): return s.common
        case .httpFetch(let s): return s.common
        case .triggerWorkflow(let s): return s.common
        case .updateData(let s): return s.common
        case .updateUser(let s), .updateObject(let s), .updateTenant(let s): return s.common
        case .unsupported(let s): return s.common
        }
    }

    public var ref: String { common.ref }
    public var name: String? { common.name }
    public var conditions: ConditionGroup? { common.conditions }
    /// The step's `type` as written in the file (`channel`, `delay`, `update_user`, ...).
    public var type: String { common.type }
    /// The whole step object after `@` resolution.
    public var raw: JSONObject { common.raw }
}

/// Fields shared by all steps.
public struct StepCommon: Sendable, Hashable {
    public var type: String
    public var ref: String
    public var name: String?
    public var description: String?
    public var conditions: ConditionGroup?
    public var raw: JSONObject
}

/// `type: "channel"`: send through a channel (or channel group) with a template.
public struct ChannelStep: Sendable, Hashable {
    public var common: StepCommon
    public var channelType: ChannelType
    /// Exactly one of `channelKey` / `channelGroupKey` is set.
    public var channelKey: String?
    public var channelGroupKey: String?
    public var template: ChannelTemplate
    /// `channel_overrides` as written (from/to addresses, tracking flags, ...): all Liquid strings or bools.
    public var channelOverrides: JSONObject?
    public var sendWindows: [SendWindow]
}

/// `type: "delay"`: wait `delayFor`, until the timestamp at `delayUntilFieldPath`, or both (offset).
public struct DelayStep: Sendable, Hashable {
    public var common: StepCommon
    public var delayFor: WorkflowDuration?
    public var delayUntilFieldPath: String?
}

/// `type: "batch"`: collect triggers per recipient (+ key) during a window.
public struct BatchStep: Sendable, Hashable {
    public enum WindowType: String, Sendable, Hashable, CaseIterable { case fixed, sliding }
    public enum ExecutionMode: String, Sendable, Hashable, CaseIterable {
        case accumulate
        case flushLeading = "flush_leading"
    }
    public enum Order: String, Sendable, Hashable, CaseIterable { case asc, desc }
    public enum VersionMode: String, Sendable, Hashable, CaseIterable { case pinned, latest }

    public var common: StepCommon
    /// A plain name means `data.<name>`; may also be Liquid. Nil batches per recipient only.
    public var batchKey: String?
    public var window: WorkflowDuration?
    public var untilFieldPath: String?
    public var windowType: WindowType
    public var windowExtensionLimit: WorkflowDuration?
    /// 2–1000; the batch closes once this many activities accumulate.
    public var itemsMaxLimit: Int?
    /// 1–100, default 10: how many activities reach templates.
    public var itemsRenderLimit: Int
    public var order: Order
    public var executionMode: ExecutionMode
    /// Knock treats an omitted mode as `pinned` (legacy configs).
    public var versionMode: VersionMode
}

/// `type: "throttle"`: let at most `limit` runs through per window per recipient (+ key).
public struct ThrottleStep: Sendable, Hashable {
    public var common: StepCommon
    public var window: WorkflowDuration?
    public var windowFieldPath: String?
    public var limit: Int
    public var throttleKey: String?
}

/// `type: "branch"`: the first branch whose conditions pass runs; the default branch has none.
public struct BranchStep: Sendable, Hashable {
    public struct Branch: Sendable, Hashable {
        public var name: String?
        /// Nil for the default branch.
        public var conditions: ConditionGroup?
        public var steps: [Step]
        /// The run ends after this branch.
        public var terminates: Bool
        public var isDefault: Bool { conditions == nil }
    }
    public var common: StepCommon
    public var branches: [Branch]
    public var defaultBranch: Branch? { branches.first(where: \.isDefault) }
}

/// `type: "http_fetch"`: call an HTTP endpoint and merge the JSON response into `data`.
public struct HTTPFetchStep: Sendable, Hashable {
    public var common: StepCommon
    public var request: RequestTemplate
    /// Where to put the response in `data` (dot path) instead of a shallow merge, when configured.
    public var responsePath: String?
}

/// `type: "trigger_workflow"`: trigger another workflow; every field is a Liquid string.
public struct TriggerWorkflowStep: Sendable, Hashable {
    public var common: StepCommon
    public var workflowKey: String
    /// Defaults documented by Knock: `{{ recipient.id }}`, `{{ actor.id }}`, ... (applied by the runtime).
    public var recipients: String?
    public var actor: String?
    public var tenant: String?
    public var data: String?
    public var cancellationKey: String?
}

/// `type: "update_data"`: merge a JSON/Liquid object into the run's `data`.
public struct UpdateDataStep: Sendable, Hashable {
    public var common: StepCommon
    /// JSON text or Liquid rendering to a JSON object.
    public var data: String
}

/// `update_user`, `update_object`, `update_tenant`: deep-merge properties into a recipient.
public struct UpdateRecipientStep: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable { case current, reference }
    public var common: StepCommon
    /// Always `.reference` for `update_object`.
    public var recipientMode: Mode
    /// `gid://Object/<collection>/<id>` when `recipientMode == .reference`.
    public var recipientGID: String?
    /// JSON text or Liquid rendering to a JSON object.
    public var updateProperties: String
}

/// A step type the engine does not model; its object is kept in `common.raw`.
public struct UnsupportedStep: Sendable, Hashable {
    public var common: StepCommon
    public var type: String { common.type }
}
