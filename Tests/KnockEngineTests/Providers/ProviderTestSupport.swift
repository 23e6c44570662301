import Foundation
import KnockCore
@testable import KnockEngine

/// Fixtures shared by the provider tests.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_717_243_200)  // 2024-06-01T12:00:00Z
    static let environmentID = UUID(uuidString: "123e4567-e89b-12d3-a456-426614174000")!

    static func request(_ channel: Channel, recipient: JSON = ["id": "u1", "email": "ada@example.com", "name": "Ada", "phone_number": "+15551234567"],
                        channelData: JSON? = nil, content: RenderedContent, messageID: String = "2w3YUpTTOxuDvZFji8OMsKrG176",
                        sandbox: Bool = false) -> DeliveryRequest {
        DeliveryRequest(messageID: messageID, channel: channel, recipient: recipient, channelData: channelData, content: content,
                        workflowKey: "welcome", now: now, sandbox: sandbox)
    }

    static let email = RenderedContent.email(RenderedEmail(subject: "Welcome", htmlBody: "<p>Hi Ada</p>", textBody: "Hi Ada"))
    static let sms = RenderedContent.sms(RenderedSMS(body: "Your code is 1234"))
    static let push = RenderedContent.push(RenderedPush(title: "Hi", body: "New comment", data: ["comment_id": "c1"]))
    static let chat = RenderedContent.chat(RenderedChat(markdown: "*Deploy* finished", summary: "Deploy"))
    static let feed = RenderedContent.inAppFeed(RenderedInAppFeed(blocks: [
        .content(name: "body", type: .markdown, content: "**Hi**", rendered: "<p><strong>Hi</strong></p>"),
        .buttonSet(name: "actions", buttons: [.init(name: "primary", label: "Open", action: "/open")]),
    ]))

    static func events(_ o: DeliveryOutcome) -> [String] { o.transitions.map(\.event.rawValue) }
}

/// Property names of a schema in the project's copy of the OpenAPI spec, read with a tiny
/// indentation-based reader (enough for the spec's regular layout; not a YAML parser).
enum SpecSchema {
    static let lines: [Substring] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("spec/knock-openapi.yml")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false)
    }()

    /// `components.schemas.<name>.properties` keys, or for a nested object (`path` like `["template"]`) its properties.
    static func properties(_ name: String, path: [String] = []) -> Set<String> {
        guard let start = lines.firstIndex(where: { $0 == "    \(name):" }) else { return [] }
        var indent = 4
        var i = start + 1
        for segment in ["properties"] + path.flatMap({ [$0, "properties"] }) {
            indent += 2
            let key = String(repeating: " ", count: indent) + segment + ":"
            while i < lines.count, lines[i] != key {
                if leading(lines[i]) < indent && !lines[i].allSatisfy(\.isWhitespace) { return [] }
                i += 1
            }
            i += 1
        }
        var out = Set<String>()
        while i < lines.count {
            let line = lines[i]
            let n = leading(line)
            if !line.allSatisfy(\.isWhitespace) {
                if n <= indent { break }
                if n == indent + 2, line.hasSuffix(":") { out.insert(String(line.dropFirst(n).dropLast())) }
            }
            i += 1
        }
        return out
    }

    static func leading(_ s: Substring) -> Int { s.prefix { $0 == " " }.count }

    /// The keys of a JSON object.
    static func keys(_ json: JSON?) -> Set<String> { Set(json?.objectValue?.keys.map { $0 } ?? []) }
}
