import KnockAPI
import KnockCore
import KnockScript

/// What a wait that gave up last saw, as note lines under the failure: the closest message,
/// its status, which filters it missed, its events and its delivery logs (fetched once, at the
/// end, so polling stays cheap).
///
/// ```
/// closest message 2w3Y… (workflow welcome, channel email, recipient u1): status bounced
///   events: message.sent 12:00:01, message.bounced 12:00:02
///   delivery log: POST api.sendgrid.com/v3/mail/send → 400
/// ```
enum WaitReport {
    static func describe(_ m: JSON, query: MessageQuery, channelTypes: [String: String],
                         session: APISession, context: ExecutionContext) -> [String] {
        let id = m["id"]?.stringValue ?? "?"
        var facts: [String] = []
        if let w = m["source"]?["key"]?.stringValue ?? m["workflow"]?.stringValue { facts.append("workflow \(w)") }
        if let t = MessageQuery.channelType(m, channelTypes) { facts.append("channel \(t)") }
        else if let c = m["channel_id"]?.stringValue { facts.append("channel \(c)") }
        if let r = MessageQuery.recipientID(m) { facts.append("recipient \(r)") }
        var status = "status \(m["status"]?.stringValue ?? "?")"
        if let engaged = m["engagement_statuses"]?.arrayValue, !engaged.isEmpty {
            status += ", engagement " + engaged.compactMap(\.stringValue).joined(separator: ", ")
        }
        var lines = ["closest message \(id) (\(facts.joined(separator: ", "))): \(status)"]
        let missed = query.mismatches(m, channelTypes: channelTypes) + (query.satisfiesStatus(m) ? [] : ["status"])
        if !missed.isEmpty { lines.append("  differs in: " + missed.joined(separator: ", ")) }
        lines += details(of: id, session: session, context: context)
        return lines
    }

    /// The message's events and delivery logs, one line each (best effort: a failed fetch says so).
    static func details(of id: String, session: APISession, context: ExecutionContext) -> [String] {
        var lines: [String] = []
        func fetch(_ operation: String) -> [JSON]? {
            guard let request = try? RequestBuilder.build(Catalog.endpoint("messages", operation)!, arguments: [id]),
                  let page = try? session.send(request, context: context) else { return nil }
            return page["items"]?.arrayValue ?? page["entries"]?.arrayValue ?? []
        }
        if let events = fetch("events") {
            let shown = events.map { e in
                [e["type"]?.stringValue, e["inserted_at"]?.stringValue].compactMap { $0 }.joined(separator: " ")
            }
            lines.append("  events: " + (shown.isEmpty ? "none" : shown.joined(separator: ", ")))
        } else {
            lines.append("  events: could not be fetched")
        }
        if let logs = fetch("delivery-logs") {
            if logs.isEmpty { lines.append("  delivery logs: none") }
            for log in logs.prefix(5) {
                let req = log["request"], res = log["response"]
                var line = "  delivery log: " + [req?["method"]?.stringValue, (req?["host"]?.stringValue ?? "") + (req?["path"]?.stringValue ?? "")]
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                if let status = res?["status"] { line += " → \(status.serialized())" }
                if let body = res?["body"], !body.isNull {
                    let text = body.stringValue ?? body.serialized()
                    line += " " + String(text.prefix(160))
                }
                lines.append(line)
            }
        } else {
            lines.append("  delivery logs: could not be fetched")
        }
        return lines
    }

    /// The message most like the one wanted: fewest missed filters, then the newest.
    static func closest(_ seen: [JSON], query: MessageQuery, channelTypes: [String: String]) -> JSON? {
        seen.enumerated().min { a, b in
            let ma = query.mismatches(a.element, channelTypes: channelTypes).count
            let mb = query.mismatches(b.element, channelTypes: channelTypes).count
            return ma != mb ? ma < mb : a.offset > b.offset
        }?.element
    }
}
