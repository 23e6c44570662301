import KnockCore

/// What the runtime rendered for one channel step, ready to hand to a provider. Every string is
/// final (Liquid already applied); providers never render.
///
/// ```swift
/// let content = RenderedContent.email(RenderedEmail(
///     subject: "Welcome", htmlBody: "<p>Hi Ada</p>", textBody: "Hi Ada", from: "Acme <hello@acme.test>"))
/// ```
public enum RenderedContent: Sendable, Hashable {
    case email(RenderedEmail)
    case sms(RenderedSMS)
    case push(RenderedPush)
    case chat(RenderedChat)
    case inAppFeed(RenderedInAppFeed)
    case webhook(RenderedWebhook)
}

/// A rendered email. `to` overrides `recipient.email` (the template's `to_address` override).
public struct RenderedEmail: Sendable, Hashable {
    public var subject: String
    public var htmlBody: String
    public var textBody: String
    /// `"Name <address>"` or a bare address; nil uses the channel's `settings.from_address`, then a local default.
    public var from: String?
    public var to: String?
    public var cc: String?
    public var bcc: String?
    public var replyTo: String?

    public init(subject: String, htmlBody: String, textBody: String, from: String? = nil, to: String? = nil,
                cc: String? = nil, bcc: String? = nil, replyTo: String? = nil) {
        self.subject = subject
        self.htmlBody = htmlBody
        self.textBody = textBody
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
    }
}

/// A rendered SMS. `to` overrides `recipient.phone_number` (the template's `settings.to_number`).
public struct RenderedSMS: Sendable, Hashable {
    public var body: String
    public var to: String?
    public init(body: String, to: String? = nil) {
        self.body = body
        self.to = to
    }
}

/// A rendered push notification. `silent` sends a data-only push (Knock's `delivery_type: silent`).
/// `data` is the custom payload; providers add `knock_message_id` to what they send.
public struct RenderedPush: Sendable, Hashable {
    public var title: String
    public var body: String
    public var data: JSONObject?
    public var silent: Bool
    public init(title: String, body: String, data: JSONObject? = nil, silent: Bool = false) {
        self.title = title
        self.body = body
        self.data = data
        self.silent = silent
    }
}

/// A rendered chat message: markdown, or a provider JSON payload (`json_body`) that replaces it.
public struct RenderedChat: Sendable, Hashable {
    public var markdown: String
    public var json: JSON?
    public var summary: String?
    public var metadata: JSONObject?
    public init(markdown: String, json: JSON? = nil, summary: String? = nil, metadata: JSONObject? = nil) {
        self.markdown = markdown
        self.json = json
        self.summary = summary
        self.metadata = metadata
    }
}

/// A rendered in-app feed message: its blocks exactly as the feed and content APIs show them.
public struct RenderedInAppFeed: Sendable, Hashable {
    public var blocks: [InAppFeedBlock]
    public init(blocks: [InAppFeedBlock]) { self.blocks = blocks }
}

/// One in-app block: content (`markdown`/`text`, with `rendered` HTML) or a button set.
///
/// ```swift
/// InAppFeedBlock.content(name: "body", type: .markdown, content: "**Hi**", rendered: "<p><strong>Hi</strong></p>")
/// InAppFeedBlock.buttonSet(name: "actions", buttons: [.init(name: "primary", label: "Open", action: "/x")])
/// ```
public enum InAppFeedBlock: Sendable, Hashable {
    public enum ContentType: String, Sendable, Hashable { case markdown, text }
    public struct Button: Sendable, Hashable {
        public var name: String
        public var label: String
        public var action: String
        public init(name: String, label: String, action: String) {
            self.name = name
            self.label = label
            self.action = action
        }
    }
    case content(name: String, type: ContentType, content: String, rendered: String)
    case buttonSet(name: String, buttons: [Button])

    /// The block as `MessageInAppFeedContentBlock` / `MessageInAppFeedButtonSetBlock`.
    public var json: JSON {
        switch self {
        case .content(let name, let type, let content, let rendered):
            return ["type": .string(type.rawValue), "name": .string(name), "content": .string(content), "rendered": .string(rendered)]
        case .buttonSet(let name, let buttons):
            return ["type": "button_set", "name": .string(name),
                    "buttons": .array(buttons.map { ["name": .string($0.name), "label": .string($0.label), "action": .string($0.action)] })]
        }
    }
}

/// A rendered webhook request (the step's template, or the channel's configured request).
public struct RenderedWebhook: Sendable, Hashable {
    /// Upper-case HTTP method (`POST`).
    public var method: String
    public var url: String
    public var headerPairs: [KeyValuePair]
    public var queryParams: [KeyValuePair]
    /// The rendered body text (usually JSON); nil sends none.
    public var body: String?

    public init(method: String, url: String, headers: [KeyValuePair] = [], queryParams: [KeyValuePair] = [], body: String? = nil) {
        self.method = method.uppercased()
        self.url = url
        self.headerPairs = headers
        self.queryParams = queryParams
        self.body = body
    }

    /// From the workflow model's method enum (`.post` → `POST`).
    public init(method: HTTPRequestMethod, url: String, headers: [KeyValuePair] = [], queryParams: [KeyValuePair] = [], body: String? = nil) {
        self.init(method: method.rawValue, url: url, headers: headers, queryParams: queryParams, body: body)
    }
}
