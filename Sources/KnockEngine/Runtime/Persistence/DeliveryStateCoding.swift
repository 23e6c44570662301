import Foundation
import KnockCore

/// A held or retried delivery as a state document: the request exactly as it will be sent
/// (content rendered when the step ran), its plan and the pending retry. The channel is named
/// by id and looked up again on reload.
extension PendingDelivery {
    var stateJSON: JSON {
        let r = request
        return ["message_id": .string(r.messageID), "channel_id": .string(r.channel.idText),
                "recipient": r.recipient, "channel_data": r.channelData ?? .null, "tenant_channel_data": r.tenantChannelData ?? .null,
                "content": r.content.stateJSON, "workflow": StateValues.string(r.workflowKey), "now": StateValues.time(r.now),
                "sandbox": .bool(r.sandbox),
                "plan": ["max_attempts": .int(plan.maxAttempts), "retries": .string(plan.retries.rawValue),
                         "backoff": .array(plan.backoff.map(JSON.double)), "resume": plan.resume?.stateJSON ?? .null],
                "retry": retry?.stateJSON ?? .null, "held": held?.stateJSON ?? .null]
    }

    static func restore(_ doc: JSON, channels: ChannelRegistry) throws(StateDecodingError) -> PendingDelivery {
        let channelID = try doc.requiredString("channel_id")
        guard let uuid = UUIDText.parse(channelID), let channel = channels.channel(id: uuid) else {
            throw StateDecodingError("channel \(channelID) is no longer configured")
        }
        let request = DeliveryRequest(
            messageID: try doc.requiredString("message_id"), channel: channel, recipient: doc["recipient"] ?? .null,
            channelData: doc["channel_data"].flatMap { $0.isNull ? nil : $0 }, tenantChannelData: doc["tenant_channel_data"].flatMap { $0.isNull ? nil : $0 },
            content: try RenderedContent(state: try doc.required("content")), workflowKey: doc["workflow"]?.stringValue,
            now: try doc.requiredDate("now"), sandbox: doc["sandbox"]?.boolValue ?? false)
        let p = doc["plan"] ?? [:]
        let plan = DeliveryPlan(maxAttempts: p["max_attempts"]?.intValue ?? 8,
                                retries: p["retries"]?.stringValue.flatMap(DeliveryPlan.Retries.init(rawValue:)) ?? .scheduled,
                                backoff: p["backoff"]?.arrayValue?.compactMap(\.doubleValue) ?? DeliveryPlan.knockBackoff,
                                resume: try p["resume"].flatMap { j throws(StateDecodingError) in j.isNull ? nil : try PendingRetry(state: j) })
        let retry = try doc["retry"].flatMap { j throws(StateDecodingError) in j.isNull ? nil : try PendingRetry(state: j) }
        return PendingDelivery(request: request, plan: plan, retry: retry, held: retry == nil ? HeldDelivery(state: doc["held"]) : nil)
    }
}

extension PendingRetry {
    var stateJSON: JSON {
        ["attempt": .int(attempt), "due_at": StateValues.time(dueAt), "any_accepted": .bool(anyAccepted),
         "destinations": .array(destinations.map { d in
             ["kind": .string(d.kind.rawValue), "address": .string(d.address), "index": .int(d.index), "detail": d.detail]
         })]
    }

    init(state: JSON) throws(StateDecodingError) {
        self.init(attempt: state["attempt"]?.intValue ?? 2, dueAt: try state.requiredDate("due_at"),
                  destinations: (state["destinations"]?.arrayValue ?? []).compactMap { d in
                      guard let kind = d["kind"]?.stringValue.flatMap(Destination.Kind.init(rawValue:)) else { return nil }
                      return Destination(kind: kind, address: d["address"]?.stringValue ?? "", index: d["index"]?.intValue ?? 0,
                                         detail: d["detail"] ?? .null)
                  },
                  anyAccepted: state["any_accepted"]?.boolValue ?? false)
    }
}

extension RenderedContent {
    /// `{type, …fields}` with the field names of the rendered structs in snake case.
    var stateJSON: JSON {
        func pairs(_ p: [KeyValuePair]) -> JSON { .array(p.map { ["key": .string($0.key), "value": .string($0.value)] }) }
        switch self {
        case .email(let e):
            return ["type": "email", "subject": .string(e.subject), "html_body": .string(e.htmlBody), "text_body": .string(e.textBody),
                    "from": StateValues.string(e.from), "to": StateValues.string(e.to), "cc": StateValues.string(e.cc),
                    "bcc": StateValues.string(e.bcc), "reply_to": StateValues.string(e.replyTo)]
        case .sms(let s):
            return ["type": "sms", "body": .string(s.body), "to": StateValues.string(s.to)]
        case .push(let p):
            return ["type": "push", "title": .string(p.title), "body": .string(p.body), "data": p.data.map(JSON.object) ?? .null,
                    "silent": .bool(p.silent)]
        case .chat(let c):
            return ["type": "chat", "markdown": .string(c.markdown), "json": c.json ?? .null, "summary": StateValues.string(c.summary),
                    "metadata": c.metadata.map(JSON.object) ?? .null]
        case .inAppFeed(let f):
            return ["type": "in_app_feed", "blocks": .array(f.blocks.map(\.json))]
        case .webhook(let w):
            return ["type": "webhook", "method": .string(w.method), "url": .string(w.url), "headers": pairs(w.headerPairs),
                    "query_params": pairs(w.queryParams), "body": StateValues.string(w.body)]
        }
    }

    init(state j: JSON) throws(StateDecodingError) {
        func s(_ k: String) -> String { j[k]?.stringValue ?? "" }
        func o(_ k: String) -> String? { j[k]?.stringValue }
        func pairs(_ k: String) -> [KeyValuePair] {
            (j[k]?.arrayValue ?? []).map { KeyValuePair(key: $0["key"]?.stringValue ?? "", value: $0["value"]?.stringValue ?? "") }
        }
        switch j["type"]?.stringValue {
        case "email"?:
            self = .email(RenderedEmail(subject: s("subject"), htmlBody: s("html_body"), textBody: s("text_body"), from: o("from"),
                                        to: o("to"), cc: o("cc"), bcc: o("bcc"), replyTo: o("reply_to")))
        case "sms"?: self = .sms(RenderedSMS(body: s("body"), to: o("to")))
        case "push"?: self = .push(RenderedPush(title: s("title"), body: s("body"), data: j["data"]?.objectValue, silent: j["silent"]?.boolValue ?? false))
        case "chat"?:
            self = .chat(RenderedChat(markdown: s("markdown"), json: j["json"].flatMap { $0.isNull ? nil : $0 }, summary: o("summary"),
                                      metadata: j["metadata"]?.objectValue))
        case "in_app_feed"?:
            self = .inAppFeed(RenderedInAppFeed(blocks: (j["blocks"]?.arrayValue ?? []).compactMap(InAppFeedBlock.init(state:))))
        case "webhook"?:
            self = .webhook(RenderedWebhook(method: s("method"), url: s("url"), headers: pairs("headers"), queryParams: pairs("query_params"), body: o("body")))
        default:
            throw StateDecodingError("unknown content type \(j["type"]?.stringValue ?? "null")")
        }
    }
}

extension InAppFeedBlock {
    /// Reads a block back from its API JSON (`json`).
    init?(state j: JSON) {
        let name = j["name"]?.stringValue ?? ""
        if j["type"]?.stringValue == "button_set" {
            self = .buttonSet(name: name, buttons: (j["buttons"]?.arrayValue ?? []).map {
                Button(name: $0["name"]?.stringValue ?? "", label: $0["label"]?.stringValue ?? "", action: $0["action"]?.stringValue ?? "")
            })
            return
        }
        guard let type = j["type"]?.stringValue.flatMap(ContentType.init(rawValue:)) else { return nil }
        self = .content(name: name, type: type, content: j["content"]?.stringValue ?? "", rendered: j["rendered"]?.stringValue ?? "")
    }
}
