import Foundation
import KnockCore

/// An email layout (`EmailLayout` in the management API): the HTML and text that wrap an email
/// step's rendered body, which the layout places with `{{ content }}`.
public struct EmailLayout: Sendable, Hashable {
    public var key: String
    public var name: String
    public var htmlLayout: String
    public var textLayout: String
    /// `[{text, url}]`, exposed to the layout as `footer_links`.
    public var footerLinks: JSON

    public init(key: String, name: String, htmlLayout: String, textLayout: String, footerLinks: JSON = .array([])) {
        self.key = key
        self.name = name
        self.htmlLayout = htmlLayout
        self.textLayout = textLayout
        self.footerLinks = footerLinks
    }
}

/// Loads `<key>/layout.json` folders as `knock layout pull` writes them (`html_layout@`,
/// `text_layout@` file references, `footer_links`). A broken layout is a diagnostic naming file
/// and field; the others still load.
///
/// Where: a `layouts/` folder beside the workflows directory (the Knock CLI's project layout,
/// `knock/workflows` + `knock/layouts`), else one inside it.
///
/// ```swift
/// let result = EmailLayoutLoader(workflowsDirectory: URL(fileURLWithPath: "knock/workflows")).load()
/// result.layouts["default"]?.htmlLayout   // "<html>…{{ content }}…</html>"
/// ```
public struct EmailLayoutLoader: Sendable {
    public let directory: URL?

    public init(workflowsDirectory: URL) {
        let fm = FileManager.default
        let beside = workflowsDirectory.standardizedFileURL.deletingLastPathComponent().appendingPathComponent("layouts")
        let inside = workflowsDirectory.standardizedFileURL.appendingPathComponent("layouts")
        directory = [beside, inside].first { fm.fileExists(atPath: $0.path) }
    }

    public init(layoutsDirectory: URL) { directory = layoutsDirectory.standardizedFileURL }

    public func load() -> (layouts: [String: EmailLayout], diagnostics: [WorkflowDiagnostic]) {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return ([:], []) }
        var layouts: [String: EmailLayout] = [:]
        var diagnostics: [WorkflowDiagnostic] = []
        for key in names.sorted() where !key.hasPrefix(".") {
            let folder = directory.appendingPathComponent(key)
            let fileURL = folder.appendingPathComponent("layout.json")
            guard FileManager.default.fileExists(atPath: fileURL.path) else { continue }
            let file = "layouts/\(key)/layout.json"
            do {
                layouts[key] = try loadLayout(key: key, folder: folder, fileURL: fileURL, file: file)
            } catch let e as DefinitionError {
                diagnostics.append(WorkflowDiagnostic(file: e.file ?? file, field: e.field, message: e.message))
            } catch {
                diagnostics.append(WorkflowDiagnostic(file: file, field: "", message: "\(error)"))
            }
        }
        return (layouts, diagnostics)
    }

    private func loadLayout(key: String, folder: URL, fileURL: URL, file: String) throws -> EmailLayout {
        guard let data = FileManager.default.contents(atPath: fileURL.path), let text = String(data: data, encoding: .utf8) else {
            throw DefinitionError(field: "", message: "cannot read file", file: file)
        }
        let json: JSON
        do { json = try JSON.parse(text) } catch { throw DefinitionError(field: "", message: "invalid JSON: \(error)", file: file) }
        let resolved = try FileReferenceResolver(workflowDirectory: folder, displayPrefix: "layouts/\(key)").resolve(json, in: folder)
        guard case .object(let o) = resolved else { throw DefinitionError(field: "", message: "expected an object", file: file) }
        guard let html = o["html_layout"]?.stringValue else { throw DefinitionError(field: "html_layout", message: "is required", file: file) }
        // Knock rejects a layout without the slot for the email body.
        guard html.filter({ !$0.isWhitespace }).contains("{{content") || html.filter({ !$0.isWhitespace }).contains("{{-content") else {
            throw DefinitionError(field: "html_layout", message: "must contain {{ content }}", file: file)
        }
        let footer = o["footer_links"] ?? .array([])
        guard case .array = footer else { throw DefinitionError(field: "footer_links", message: "expected an array", file: file) }
        return EmailLayout(key: key, name: o["name"]?.stringValue ?? key, htmlLayout: html,
                           textLayout: o["text_layout"]?.stringValue ?? "{{ content }}", footerLinks: footer)
    }
}
