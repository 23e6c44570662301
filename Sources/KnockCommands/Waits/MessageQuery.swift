import KnockAPI
import KnockCore
import KnockScript

/// What `wait message` looks for, and how one poll finds the candidates: the recipient's
/// messages (`users messages`) when a recipient is given, else `messages list`, narrowed on the
/// server where the API can, and always checked again here (a server may ignore a filter).
///
/// ```swift
/// let q = MessageQuery(recipient: "u1", workflow: "welcome", status: "delivered")
/// let page = try q.poll(session, context)        // messages, oldest first
/// q.matchesIgnoringStatus(page[0])               // true when only the status may still differ
/// ```
struct MessageQuery {
    var recipient: String?
    var workflow: String?
    var channelType: String?
    var channel: String?
    var status: String?
    var run: String?
    var tenant: String?

    static let optionNames: Set<String> = ["recipient", "workflow", "channel-type", "channel", "status", "run", "tenant"]

    /// Delivery states no message leaves.
    static let finalBad: Set<String> = ["undelivered", "bounced", "not_sent"]
    /// Statuses that live in `engagement_statuses` rather than `status`.
    static let engagement: Set<String> = ["seen", "read", "interacted", "link_clicked", "archived"]
    static let delivery: Set<String> = ["queued", "sent", "delivered", "delivery_attempted", "undelivered", "not_sent", "bounced"]

    init(recipient: String? = nil, workflow: String? = nil, channelType: String? = nil, channel: String? = nil,
         status: String? = nil, run: String? = nil, tenant: String? = nil) {
        self.recipient = recipient
        self.workflow = workflow
        self.channelType = channelType
        self.channel = channel
        self.status = status
        self.run = run
        self.tenant = tenant
    }

    init(_ inv: CommandInvocation, usage: String) throws {
        for option in inv.options {
            let name = ValueBridge.normal(option.name)
            if !Self.optionNames.contains(name) && name != "within" && name != "every" {
                throw inv.usageError("unknown option --\(option.name)", usage: usage)
            }
        }
        func text(_ name: String) -> String? { inv.option(name).map(\.text) }
        self.init(recipient: text("recipient"), workflow: text("workflow"), channelType: text("channel-type"),
                  channel: text("channel"), status: text("status"), run: text("run"), tenant: text("tenant"))
        if let status, !Self.delivery.contains(status), !Self.engagement.contains(status) {
            throw inv.usageError(
                "unknown status '\(status)'",
                usage: usage + "  (statuses: \((Self.delivery.sorted() + Self.engagement.sorted()).joined(separator: ", ")))")
        }
    }

    /// `recipient=u1 workflow=welcome status=delivered`, for messages about the wait.
    var description: String {
        let parts: [(String, String?)] = [("recipient", recipient), ("workflow", workflow), ("channel-type", channelType),
                                          ("channel", channel), ("status", status), ("run", run), ("tenant", tenant)]
        let set = parts.compactMap { p in p.1.map { "\(p.0)=\($0)" } }
        return set.isEmpty ? "any message" : set.joined(separator: " ")
    }

    /// One poll: the latest page of candidate messages, oldest first.
    func poll(_ session: APISession, _ context: ExecutionContext) throws -> [JSON] {
        var options: [(String, JSON)] = [("--page-size", .int(50))]
        if let workflow { options.append(("--source", .string(workflow))) }
        if let channel { options.append(("--channel-id", .string(channel))) }
        if let run { options.append(("--workflow-run-id", .string(run))) }
        if let tenant { options.append(("--tenant", .string(tenant))) }
        let request: APIRequest
        // The engine does not serve `users messages` yet (EngineCoverageTests lists the gaps);
        // its `messages list` holds only this test's messages, so filtering here is enough.
        if let recipient, !session.isLocalEngine {
            request = try RequestBuilder.build(Catalog.endpoint("users", "messages")!, arguments: [recipient], options: options)
        } else {
            request = try RequestBuilder.build(Catalog.endpoint("messages", "list")!, options: options)
        }
        let page = try session.send(request, context: context)
        let items = page["items"]?.arrayValue ?? page["entries"]?.arrayValue ?? []
        // Knock lists newest first; "the first message" of a wait is the oldest that matches.
        return items.enumerated().sorted { a, b in
            let ta = a.element["inserted_at"]?.stringValue ?? "", tb = b.element["inserted_at"]?.stringValue ?? ""
            return ta != tb ? ta < tb : a.offset > b.offset
        }.map(\.element)
    }

    /// The filters a message fails, the status left out; `channelTypes` maps channel ids to
    /// types when messages do not carry their channel.
    func mismatches(_ m: JSON, channelTypes: [String: String]) -> [String] {
        var out: [String] = []
        if let recipient, Self.recipientID(m) != recipient { out.append("recipient") }
        if let workflow, (m["source"]?["key"]?.stringValue ?? m["workflow"]?.stringValue) != workflow { out.append("workflow") }
        if let channel, m["channel_id"]?.stringValue != channel { out.append("channel") }
        if let channelType, Self.channelType(m, channelTypes) != channelType { out.append("channel-type") }
        if let run, m["source"]?["workflow_run_id"]?.stringValue != run, m["workflow_run_id"]?.stringValue != run { out.append("run") }
        if let tenant, m["tenant"]?.stringValue != tenant { out.append("tenant") }
        return out
    }

    func satisfiesStatus(_ m: JSON) -> Bool {
        guard let status else { return true }
        if Self.engagement.contains(status) {
            return m["engagement_statuses"]?.arrayValue?.contains { $0.stringValue == status } ?? false
        }
        let got = m["status"]?.stringValue
        // A delivered message went through sent: waiting for `sent` is satisfied by it.
        return got == status || (status == "sent" && got == "delivered")
    }

    /// Whether the message can never reach the wanted status: it sits in a final bad state
    /// that is not the one asked for.
    func isDead(_ m: JSON) -> Bool {
        guard status != nil, let got = m["status"]?.stringValue else { return false }
        return Self.finalBad.contains(got) && !satisfiesStatus(m)
    }

    static func recipientID(_ m: JSON) -> String? {
        if let s = m["recipient"]?.stringValue { return s }
        return m["recipient"]?["id"]?.stringValue
    }

    static func channelType(_ m: JSON, _ known: [String: String]) -> String? {
        if let t = m["channel"]?["type"]?.stringValue { return t }
        return m["channel_id"]?.stringValue.flatMap { known[$0] }
    }

    /// `channel id → type` from the engine's `channels list`, for messages that only carry
    /// `channel_id` (only asked for when `--channel-type` is used).
    static func channelTypes(_ session: APISession, _ context: ExecutionContext) -> [String: String] {
        guard session.isLocalEngine,
              let request = try? RequestBuilder.build(Catalog.endpoint("channels", "list")!),
              let answer = try? session.send(request, context: context)
        else { return [:] }
        let list = answer.arrayValue ?? answer["entries"]?.arrayValue ?? answer["items"]?.arrayValue ?? answer["channels"]?.arrayValue ?? []
        var out: [String: String] = [:]
        for c in list {
            guard let type = c["type"]?.stringValue ?? c["channel_type"]?.stringValue else { continue }
            if let id = c["id"]?.stringValue { out[id] = type }
            if let key = c["key"]?.stringValue { out[key] = type }
        }
        return out
    }
}
