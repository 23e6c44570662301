import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// Email layouts loaded from `layouts/<key>/layout.json` beside the workflows directory (the
/// Knock CLI project layout), wrapping the rendered email body at `{{ content }}`.
@Suite struct EmailLayoutTests {
    /// `knock/workflows/welcome` and `knock/layouts/{default,broken}` in a temporary directory.
    static func project() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("layouts-\(UUID().uuidString)")
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write("knock/workflows/welcome/workflow.json", """
            {"name": "Welcome", "steps": [{"ref": "email_1", "type": "channel", "channel_key": "email", "channel_type": "email",
              "template": {"subject": "Welcome {{ recipient.name }}", "html_body@": "email_1/html_body.html",
                           "text_body": "Hi {{ recipient.name }}", "settings": {"layout_key": "branded", "pre_content": "{% assign team = 'The Team' %}"}}}]}
            """)
        try write("knock/workflows/welcome/email_1/html_body.html", "<p>Hi {{ recipient.name }}</p>{% assign signoff = 'Cheers' %}")
        try write("knock/layouts/branded/layout.json", """
            {"name": "Branded", "html_layout@": "html_layout.html", "text_layout@": "text_layout.txt",
             "footer_links": [{"text": "Privacy", "url": "https://example.com/privacy"}]}
            """)
        try write("knock/layouts/branded/html_layout.html",
                  "<html><body>{{ content }}<footer>{{ signoff }}, {{ team }}{% for l in footer_links %} <a href=\"{{ l.url }}\">{{ l.text }}</a>{% endfor %}</footer></body></html>")
        try write("knock/layouts/branded/text_layout.txt", "{{ content }}\n-- {{ team }}")
        try write("knock/layouts/broken/layout.json", #"{"name": "Broken", "html_layout": "<html>no slot</html>", "text_layout": ""}"#)
        return root
    }

    @Test func loaderReadsTheCLILayoutAndReportsBrokenLayouts() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = EmailLayoutLoader(workflowsDirectory: root.appendingPathComponent("knock/workflows")).load()
        #expect(result.layouts.keys.sorted() == ["branded"])
        #expect(result.layouts["branded"]?.name == "Branded")
        #expect(result.layouts["branded"]?.footerLinks == [["text": "Privacy", "url": "https://example.com/privacy"]])
        #expect(result.diagnostics.map(\.file) == ["layouts/broken/layout.json"])
        #expect(result.diagnostics.first?.field == "html_layout")
    }

    @Test func emailIsWrappedInItsLayoutThroughTheEngine() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = try Engine(configuration: .init(workflowsDirectory: root.appendingPathComponent("knock/workflows").path,
                                                     processBulkOperations: false))
        #expect(engine.runtimes.diagnostics.map(\.file) == ["layouts/broken/layout.json"])
        let env = try engine.environments.create(name: "layouts")
        _ = try engine.identifyUser(env, id: "u1", body: ["name": "Ada", "email": "ada@example.com"])
        let runtime = engine.runtime(env)
        _ = try runtime.trigger(workflowKey: "welcome", body: ["recipients": ["u1"]])
        runtime.drain()
        let message = try #require(runtime.messageRecords(MessageQuery()).first)
        let data = runtime.messageContent(id: message.id)?["data"]
        #expect(data?["html_body"] == """
            <html><body><p>Hi Ada</p><footer>Cheers, The Team <a href="https://example.com/privacy">Privacy</a></footer></body></html>
            """)
        #expect(data?["text_body"] == "Hi Ada\n-- The Team")
        #expect(data?["subject_line"] == "Welcome Ada")
    }

    @Test func unknownLayoutKeyLeavesTheBodyUnwrapped() throws {
        let h = RuntimeHarness()
        h.user("u1", ["name": "Ada"])
        h.runtime.load(layouts: [EmailLayout(key: "other", name: "Other", htmlLayout: "<div>{{ content }}</div>", textLayout: "{{ content }}")])
        h.workflow("welcome", ["name": "x", "steps": [Steps.email(body: "<p>Hi</p>")]])
        try h.trigger("welcome", ["recipients": ["u1"]])
        let m = try #require(h.messages().first)
        #expect(h.runtime.messageContent(id: m["id"]!.stringValue!)?["data"]?["html_body"] == "<p>Hi</p>")
    }
}
