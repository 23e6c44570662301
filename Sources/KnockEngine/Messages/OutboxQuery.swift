import KnockCore

/// The filters of `GET /_admin/outbox`: channel type, destination, workflow key, recipient id.
///
/// ```swift
/// OutboxQuery(channelType: "email", to: "ada@example.com").apply(store.outbox())
/// ```
public struct OutboxQuery: Sendable, Hashable {
    public var channelType: String?
    public var to: String?
    public var workflow: String?
    public var recipient: String?

    public init(channelType: String? = nil, to: String? = nil, workflow: String? = nil, recipient: String? = nil) {
        self.channelType = channelType
        self.to = to
        self.workflow = workflow
        self.recipient = recipient
    }

    /// Reads the query parameters by name; empty values count as absent.
    public init(parameters: [String: String]) {
        func p(_ k: String) -> String? { parameters[k].flatMap { $0.isEmpty ? nil : $0 } }
        self.init(channelType: p("channel_type"), to: p("to"), workflow: p("workflow"), recipient: p("recipient"))
    }

    public func apply(_ entries: [OutboxEntry]) -> [OutboxEntry] {
        entries.filter { e in
            if let channelType, e.channelType.rawValue != channelType { return false }
            if let to, !e.to.contains(where: { $0.caseInsensitiveCompare(to) == .orderedSame }) { return false }
            if let workflow, e.workflowKey != workflow { return false }
            if let recipient, (RecipientRef(reference: e.recipient)?.id ?? "") != recipient { return false }
            return true
        }
    }
}
