import Foundation
import KnockCore

/// Renders a channel step's template for one recipient into what the provider sends (§8.3).
/// Any Liquid error is thrown: Knock fails the step on it.
extension WorkflowRuntime {
    /// `version` (the workflow version id) keys the parsed in-app template, so a fan-out parses it once.
    func renderContent(_ step: ChannelStep, channel: Channel, context: KnockTemplateContext, version: String) throws(TemplateError)
        -> RenderedContent
    {
        let options = liquidOptions
        // Built on first use: the in-app case builds only what its template reads.
        lazy var scope = context.json
        func r(_ s: String?) throws(TemplateError) -> String? {
            guard let s else { return nil }
            return try templates.render(s, scope, options: options)
        }
        func override(_ key: String) throws(TemplateError) -> String? {
            guard let v = step.channelOverrides?[key]?.stringValue, !v.isEmpty else { return nil }
            let out = try r(v) ?? ""
            return out.isEmpty ? nil : out
        }
        switch step.template {
        case .email(let t):
            // pre_content, body and layout share assigns: the layout sees variables both assign (§8.3).
            var assigns: [String: JSON] = [:]
            var html = try t.preContent.map { s throws(TemplateError) in try templates.render(s, scope, options: options, assigns: &assigns) } ?? ""
            if let body = t.htmlBody {
                html += try templates.render(body, scope, options: options, assigns: &assigns)
            } else {
                html += try renderVisualBlocks(t.visualBlocks ?? [], scope: scope, options: options)
            }
            var text = try t.textBody.map { s throws(TemplateError) in try templates.render(s, scope, options: options, assigns: &assigns) }
                ?? Self.text(fromHTML: html)
            // A layout key the environment lacks leaves the body unwrapped [I].
            if let key = t.layoutKey, let layout = layout(key) {
                var layoutScope = scope
                layoutScope["footer_links"] = layout.footerLinks
                layoutScope["content"] = .string(html)
                html = try templates.render(layout.htmlLayout, layoutScope, options: options, assigns: &assigns)
                layoutScope["content"] = .string(text)
                text = try templates.render(layout.textLayout, layoutScope, options: options, assigns: &assigns)
            }
            var from = try override("from_address")
            if let f = from, let name = try override("from_name") { from = "\(name) <\(f)>" }
            return .email(RenderedEmail(subject: try r(t.subject) ?? "", htmlBody: html, textBody: text, from: from,
                                        to: try override("to_address"), cc: try override("cc_address"),
                                        bcc: try override("bcc_address"), replyTo: try override("reply_to_address")))
        case .sms(let t):
            let to = try r(t.toNumber).flatMap { $0.isEmpty ? nil : $0 }
            return .sms(RenderedSMS(body: try r(t.textBody) ?? "", to: to))
        case .push(let t):
            var data: JSONObject?
            if let p = t.payloadOverrides, let text = try r(p), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                guard case .object(let o)? = try? JSON.parse(text) else {
                    throw TemplateError(.render, "payload_overrides did not render to a JSON object", line: 1, column: 1)
                }
                data = o
            }
            return .push(RenderedPush(title: try r(t.title) ?? "", body: try r(t.textBody) ?? "", data: data, silent: t.deliveryType == .silent))
        case .chat(let t):
            var json: JSON?
            if let j = t.jsonBody, let text = try r(j), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                guard let parsed = try? JSON.parse(text) else {
                    throw TemplateError(.render, "json_body did not render to valid JSON", line: 1, column: 1)
                }
                json = parsed
            }
            return .chat(RenderedChat(markdown: try r(t.markdownBody) ?? "", json: json, summary: try r(t.summary)))
        case .inAppFeed(let t):
            let renderer = try templates.inAppRenderer(key: "\(version)/\(step.common.ref)") { () throws(TemplateError) in
                try InAppFeedRenderer(parsing: .object(t.raw))
            }
            let blocks = try renderer.render(context.json(names: renderer.rootNames), options: options)
            return .inAppFeed(RenderedInAppFeed(blocks: blocks.compactMap(Self.feedBlock)))
        case .webhook(let t):
            let request: RequestTemplate
            if let t { request = t.request } else { request = Self.channelRequest(channel) }
            return .webhook(try renderRequest(request, scope: scope, options: options))
        case .other:
            return .inAppFeed(RenderedInAppFeed(blocks: []))
        }
    }

    /// A webhook channel's configured request (`settings`: url, method, headers, body).
    static func channelRequest(_ channel: Channel) -> RequestTemplate {
        let s = channel.settings
        let method = s["method"]?.stringValue.flatMap { HTTPRequestMethod(rawValue: $0.lowercased()) } ?? .post
        var headers: [KeyValuePair] = []
        if case .array(let items)? = s["headers"] {
            headers = items.compactMap { i in i["key"]?.stringValue.map { KeyValuePair(key: $0, value: i["value"]?.stringValue ?? "") } }
        }
        let body = s["body"].map { $0.stringValue ?? $0.serialized() } ?? "{{ data | json }}"
        return RequestTemplate(method: method, url: s["url"]?.stringValue ?? "", headers: .pairs(headers), body: body)
    }

    /// Renders a `RequestTemplate` (webhook steps and http_fetch).
    func renderRequest(_ t: RequestTemplate, scope: JSON, options: LiquidRenderOptions) throws(TemplateError) -> RenderedWebhook {
        func pairs(_ p: RequestPairs) throws(TemplateError) -> [KeyValuePair] {
            switch p {
            case .pairs(let list):
                var out: [KeyValuePair] = []
                for kv in list { out.append(KeyValuePair(key: try templates.render(kv.key, scope, options: options), value: try templates.render(kv.value, scope, options: options))) }
                return out
            case .template(let source):
                let text = try templates.render(source, scope, options: options)
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [] }
                guard case .object(let o)? = try? JSON.parse(text) else {
                    throw TemplateError(.render, "headers/query_params did not render to a JSON object", line: 1, column: 1)
                }
                return o.map { KeyValuePair(key: $0.key, value: $0.value.stringValue ?? $0.value.serialized()) }
            }
        }
        return RenderedWebhook(method: t.method, url: try templates.render(t.url, scope, options: options).trimmingCharacters(in: .whitespaces),
                               headers: try pairs(t.headers), queryParams: try pairs(t.queryParams),
                               body: try t.body.map { s throws(TemplateError) in try templates.render(s, scope, options: options) })
    }

    /// Email visual blocks → HTML: markdown through the markdown renderer, html as is, buttons
    /// as links, images, dividers. Partials are not rendered (no partial store yet).
    private func renderVisualBlocks(_ blocks: [JSON], scope: JSON, options: LiquidRenderOptions) throws(TemplateError) -> String {
        var html = ""
        for block in blocks {
            func field(_ k: String) throws(TemplateError) -> String { try templates.render(block[k]?.stringValue ?? "", scope, options: options) }
            switch block["type"]?.stringValue {
            case "markdown": html += MarkdownRenderer.render(try field("content"))
            case "html": html += try field("content")
            case "button_set":
                for b in block["buttons"]?.arrayValue ?? [] {
                    let label = try templates.render(b["label"]?.stringValue ?? "", scope, options: options)
                    let action = try templates.render(b["action"]?.stringValue ?? "", scope, options: options)
                    html += "<a href=\"\(Self.escape(action))\">\(Self.escape(label))</a>"
                }
            case "image": html += "<img src=\"\(Self.escape(try field("url")))\" alt=\"\(Self.escape(try field("alt")))\">"
            case "divider": html += "<hr>"
            default: continue
            }
        }
        return html
    }

    static func feedBlock(_ json: JSON) -> InAppFeedBlock? {
        switch json["type"]?.stringValue {
        case "markdown", "text":
            return .content(name: json["name"]?.stringValue ?? "body", type: json["type"]?.stringValue == "text" ? .text : .markdown,
                            content: json["content"]?.stringValue ?? "", rendered: json["rendered"]?.stringValue ?? "")
        case "button_set":
            let buttons = (json["buttons"]?.arrayValue ?? []).map {
                InAppFeedBlock.Button(name: $0["name"]?.stringValue ?? "", label: $0["label"]?.stringValue ?? "", action: $0["action"]?.stringValue ?? "")
            }
            return .buttonSet(name: json["name"]?.stringValue ?? "actions", buttons: buttons)
        default: return nil
        }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Knock derives `text_body` from the HTML when a template has none: tags dropped, entities decoded, blank runs collapsed.
    static func text(fromHTML html: String) -> String {
        var out = ""
        var inTag = false
        for ch in html {
            if ch == "<" { inTag = true; continue }
            if ch == ">" { inTag = false; out.append(" "); continue }
            if !inTag { out.append(ch) }
        }
        let decoded = out.replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        return decoded.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}
