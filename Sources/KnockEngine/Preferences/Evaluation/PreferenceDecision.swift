/// The outcome of a preference check for one recipient, workflow and channel.
///
/// `reason` names the preference path that decided (`workflows.welcome.channel_types.email`,
/// `categories.marketing`, `channels.<uuid>`, `commercial_subscribed`), so a skipped step can be
/// explained exactly in logs and tests.
///
/// ```swift
/// let d = evaluator.decide(layers: layers, workflow: wf, channel: channel, context: ctx)
/// if !d.send { print("skipped:", d.reason) }   // skipped: opted out at categories.marketing
/// ```
public struct PreferenceDecision: Sendable, Hashable, CustomStringConvertible {
    public var send: Bool
    public var reason: PreferenceReason

    public static let allowed = PreferenceDecision(send: true, reason: .allowed)
    public static let overridden = PreferenceDecision(send: true, reason: .overridePreferences)

    public var description: String { "\(send ? "send" : "skip"): \(reason)" }
}

/// Why a preference decision came out as it did.
public enum PreferenceReason: Sendable, Hashable, CustomStringConvertible {
    /// `settings.override_preferences` on the workflow.
    case overridePreferences
    /// Nothing opted the recipient out (unset means opted in).
    case allowed
    /// A `false` at this preference path.
    case optedOut(path: String)
    /// A conditions rule at this path did not hold; `condition` is the first that failed.
    case conditionsFailed(path: String, condition: Condition)

    public var description: String {
        switch self {
        case .overridePreferences: return "workflow overrides preferences"
        case .allowed: return "allowed"
        case .optedOut(let path): return "opted out at \(path)"
        case .conditionsFailed(let path, let c):
            return "conditions at \(path) failed: \(c.variable) \(c.operator.rawValue) \(c.argument ?? "")"
        }
    }
}
