import KnockCore

/// A channel step's `template`, typed per channel type.
///
/// Every case keeps the full resolved `raw` object as well, so the template renderer can reach
/// fields this model does not name (visual block styling, future template fields).
///
/// ```swift
/// if case .email(let t) = step.template { print(t.subject) }
/// ```
public enum ChannelTemplate: Sendable, Hashable {
    case email(EmailTemplate)
    case sms(SMSTemplate)
    case push(PushTemplate)
    case chat(ChatTemplate)
    case inAppFeed(InAppFeedTemplate)
    /// Webhook steps may omit the template: the channel's configured request is used then.
    case webhook(WebhookTemplate?)
    /// Channel types the engine does not render (`in_app_guide`).
    case other(JSONObject)

    /// The resolved template object as it appeared in the workflow (empty for a missing webhook template).
    public var raw: JSONObject {
        switch self {
        case .email(let t): return t.raw
        case .sms(let t): return t.raw
        case .push(let t): return t.raw
        case .chat(let t): return t.raw
        case .inAppFeed(let t): return t.raw
        case .webhook(let t): return t?.raw ?? [:]
        case .other(let o): return o
        }
    }
}

/// An email template: Liquid `subject`, a body as `html_body` or `visual_blocks`, optional `text_body`.
public struct EmailTemplate: Sendable, Hashable {
    public var subject: String
    public var htmlBody: String?
    /// Visual blocks as JSON objects (`markdown`, `html`, `button_set`, `image`, `divider`, `partial`).
    public var visualBlocks: [JSON]?
    public var textBody: String?
    public var isMJML: Bool
    /// `settings.layout_key`; nil means the body is a full HTML document.
    public var layoutKey: String?
    /// `settings.attachment_key`, the path in `data` holding attachments (Knock's default `attachments`).
    public var attachmentKey: String
    public var preContent: String?
    public var raw: JSONObject
}

/// An SMS template: `text_body` plus optional `settings.to_number` / `payload_overrides`.
public struct SMSTemplate: Sendable, Hashable {
    public var textBody: String
    public var toNumber: String?
    public var payloadOverrides: String?
    public var raw: JSONObject
}

/// A push template: `title`, `text_body`, `settings.delivery_type` (silent sends no body).
public struct PushTemplate: Sendable, Hashable {
    public enum DeliveryType: String, Sendable, Hashable, CaseIterable { case content, silent }
    public var title: String
    public var textBody: String
    public var deliveryType: DeliveryType
    public var payloadOverrides: String?
    public var raw: JSONObject
}

/// A chat template: `markdown_body`, an optional `json_body` replacing it, optional `summary`.
public struct ChatTemplate: Sendable, Hashable {
    public var markdownBody: String
    public var jsonBody: String?
    public var summary: String?
    public var raw: JSONObject
}

/// An in-app feed template: `markdown_body`, `action_url`, `action_buttons`.
public struct InAppFeedTemplate: Sendable, Hashable {
    public struct ActionButton: Sendable, Hashable {
        public var label: String
        public var action: String
    }
    public var markdownBody: String
    public var actionURL: String?
    public var actionButtons: [ActionButton]
    public var raw: JSONObject
}

/// An HTTP method as Knock's request templates spell it (lower case).
public enum HTTPRequestMethod: String, Sendable, Hashable, CaseIterable {
    case get, post, put, delete, patch
}

/// One `{key, value}` header or query parameter; both are Liquid.
public struct KeyValuePair: Sendable, Hashable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// Headers or query params: a list of pairs, or one Liquid string rendering to a JSON object.
public enum RequestPairs: Sendable, Hashable {
    case pairs([KeyValuePair])
    case template(String)

    public static let none = RequestPairs.pairs([])
}

/// A webhook step's request override (`url`, `method`, `headers`, `query_params`, `body`).
public struct WebhookTemplate: Sendable, Hashable {
    public var request: RequestTemplate
    public var raw: JSONObject
}

/// Knock's `RequestTemplate`, shared by webhook templates and `http_fetch` settings. All fields are Liquid.
///
/// ```swift
/// let r = fetchStep.request
/// print(r.method, r.url)   // get https://api.example.com/users/{{ recipient.id }}
/// ```
public struct RequestTemplate: Sendable, Hashable {
    public var method: HTTPRequestMethod
    public var url: String
    public var headers: RequestPairs
    public var queryParams: RequestPairs
    public var body: String?

    public init(method: HTTPRequestMethod, url: String, headers: RequestPairs = .none, queryParams: RequestPairs = .none, body: String? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.queryParams = queryParams
        self.body = body
    }
}

extension RequestTemplate {
    init(reader r: FieldReader) throws {
        self.method = try r.requiredEnum("method", HTTPRequestMethod.self)
        self.url = try r.string("url")
        self.headers = try Self.pairs(r, "headers")
        self.queryParams = try Self.pairs(r, "query_params")
        self.body = try r.optionalText("body")
    }

    private static func pairs(_ r: FieldReader, _ key: String) throws -> RequestPairs {
        guard let v = r.value(key) else { return .none }
        if case .string(let s) = v { return .template(s) }
        guard let items = try r.optionalArray(key) else { return .none }
        return .pairs(try items.map { item in
            let p = try FieldReader(value: item.value, path: item.path)
            return KeyValuePair(key: try p.string("key"), value: try p.optionalText("value") ?? "")
        })
    }
}

extension ChannelTemplate {
    /// Decodes the template for `type`; required fields follow the mAPI schemas.
    static func decode(_ r: FieldReader?, type: ChannelType, stepPath: String) throws -> ChannelTemplate {
        if type == .http {
            guard let r else { return .webhook(nil) }
            return .webhook(WebhookTemplate(request: try RequestTemplate(reader: r), raw: r.object))
        }
        guard let r else { throw DefinitionError(field: stepPath.isEmpty ? "template" : "\(stepPath).template", message: "is required") }
        switch type {
        case .email:
            let settings = try r.optionalObject("settings")
            let blocks = try r.optionalArray("visual_blocks")?.map(\.value)
            let html = try r.optionalString("html_body")
            if html == nil && blocks == nil {
                throw DefinitionError(field: r.field("html_body"), message: "one of html_body or visual_blocks is required")
            }
            return .email(EmailTemplate(
                subject: try r.string("subject"),
                htmlBody: html,
                visualBlocks: blocks,
                textBody: try r.optionalString("text_body"),
                isMJML: try r.optionalBool("is_mjml") ?? false,
                layoutKey: try settings?.optionalString("layout_key"),
                attachmentKey: try settings?.optionalString("attachment_key") ?? "attachments",
                preContent: try settings?.optionalString("pre_content"),
                raw: r.object))
        case .sms:
            let settings = try r.optionalObject("settings")
            return .sms(SMSTemplate(
                textBody: try r.string("text_body"),
                toNumber: try settings?.optionalString("to_number"),
                payloadOverrides: try settings?.optionalText("payload_overrides"),
                raw: r.object))
        case .push:
            let settings = try r.optionalObject("settings")
            return .push(PushTemplate(
                title: try r.string("title"),
                textBody: try r.string("text_body"),
                deliveryType: try settings?.optionalEnum("delivery_type", PushTemplate.DeliveryType.self) ?? .content,
                payloadOverrides: try settings?.optionalText("payload_overrides"),
                raw: r.object))
        case .chat:
            return .chat(ChatTemplate(
                markdownBody: try r.string("markdown_body"),
                jsonBody: try r.optionalText("json_body"),
                summary: try r.optionalString("summary"),
                raw: r.object))
        case .inAppFeed:
            let buttons = try (r.optionalArray("action_buttons") ?? []).map { item in
                let b = try FieldReader(value: item.value, path: item.path)
                return InAppFeedTemplate.ActionButton(label: try b.string("label"), action: try b.string("action"))
            }
            return .inAppFeed(InAppFeedTemplate(
                markdownBody: try r.string("markdown_body"),
                actionURL: try r.optionalString("action_url"),
                actionButtons: buttons,
                raw: r.object))
        case .inAppGuide, .http:
            return .other(r.object)
        }
    }
}
