/// What a previous channel step left behind, for `refs.<step_ref>.*` message-status conditions.
///
/// The runtime fills `ConditionContext.refs` with one of these per executed channel step.
///
/// ```swift
/// let refs: [String: StepMessageOutcome] = [
///     "email_1": .messages([MessageSnapshot(deliveryStatus: "delivered", engagement: ["seen"])]),
///     "sms_1": .skipped,
/// ]
/// ```
public enum StepMessageOutcome: Sendable, Hashable {
    case skipped
    /// One message per channel (several for a channel group).
    case messages([MessageSnapshot])
}

/// A message's delivery status (`queued`, `sent`, `delivered`, ...) and engagement flags
/// (`seen`, `read`, `interacted`, `link_clicked`, `archived`).
public struct MessageSnapshot: Sendable, Hashable {
    public var deliveryStatus: String
    public var engagement: Set<String>

    public init(deliveryStatus: String, engagement: Set<String> = []) {
        self.deliveryStatus = deliveryStatus
        self.engagement = engagement
    }
}

/// Knock's combined status hierarchy (§1.13), low to high; `interacted` and `link_clicked` tie.
/// A skipped step ranks below everything [I], so "not delivered" (`less_than $message.delivered`)
/// holds for it.
enum MessageStatusRank {
    static let ranks: [String: Int] = [
        "skipped": -1, "undelivered": 0, "bounced": 1, "delivery_attempted": 2, "queued": 3,
        "not_sent": 4, "sent": 5, "delivered": 6, "seen": 7, "seen_not_read": 7, "read": 8,
        "read_not_link_clicked": 8, "interacted": 9, "link_clicked": 9, "archived": 10,
    ]
    static let engagementNames: Set<String> = ["seen", "read", "interacted", "link_clicked", "archived"]

    static func rank(_ status: String) -> Int? { ranks[status] }

    /// The `$message.<case>` token in an argument, or nil for ordinary arguments.
    static func token(_ argument: String?) -> String? {
        guard let a = argument, a.hasPrefix("$message.") else { return nil }
        let name = String(a.dropFirst("$message.".count))
        return ranks[name] == nil ? nil : name
    }
}

extension StepMessageOutcome {
    var isSkipped: Bool { if case .skipped = self { return true } else { return false } }
    var snapshots: [MessageSnapshot] { if case .messages(let m) = self { return m } else { return [] } }

    /// Highest delivery status rank across the step's messages.
    var deliveryRank: Int {
        snapshots.map { MessageStatusRank.rank($0.deliveryStatus) ?? -1 }.max() ?? -1
    }

    /// Highest combined (delivery or engagement) rank: the legacy `refs.<ref>.status` value.
    var combinedRank: Int {
        snapshots.map { s in
            ([s.deliveryStatus] + Array(s.engagement)).compactMap(MessageStatusRank.rank).max() ?? -1
        }.max() ?? -1
    }

    /// Whether the step is in the state `token` names (`skipped`, a delivery status, an engagement flag).
    func holds(_ token: String) -> Bool {
        if token == "skipped" { return isSkipped }
        let snaps = snapshots
        switch token {
        case "seen_not_read": return snaps.contains { $0.engagement.contains("seen") && !$0.engagement.contains("read") }
        case "read_not_link_clicked": return snaps.contains { $0.engagement.contains("read") && !$0.engagement.contains("link_clicked") }
        default:
            if MessageStatusRank.engagementNames.contains(token) { return snaps.contains { $0.engagement.contains(token) } }
            return snaps.contains { $0.deliveryStatus == token }
        }
    }
}
