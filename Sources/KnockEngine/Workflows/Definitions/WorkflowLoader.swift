import Foundation
import KnockCore

/// Loads every `<key>/workflow.json` under a directory in the layout `knock workflow pull` writes.
///
/// Each folder is loaded on its own: a broken file becomes a `WorkflowDiagnostic` naming the file
/// and field, and the other workflows still load. Folders without `workflow.json` and hidden
/// folders are ignored, so `channels.json` and README files can sit beside the workflows.
///
/// ```swift
/// let result = WorkflowLoader(directory: URL(fileURLWithPath: "workflows")).load()
/// result.definitions.map(\.key)   // ["comment-digest", "welcome", ...] sorted by key
/// result["welcome"]?.steps.count
/// result.diagnostics              // [] when everything loaded
/// ```
public struct WorkflowLoader: Sendable {
    public let directory: URL
    /// How paths appear in diagnostics; defaults to the directory's own name (`workflows`).
    public var displayRoot: String

    public init(directory: URL, displayRoot: String? = nil) {
        self.directory = directory.standardizedFileURL
        self.displayRoot = displayRoot ?? directory.standardizedFileURL.lastPathComponent
    }

    /// Loads all workflows. Never throws: an unreadable directory is itself a diagnostic.
    public func load() -> WorkflowLoadResult {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else {
            return WorkflowLoadResult(definitions: [], diagnostics: [
                WorkflowDiagnostic(file: displayRoot, field: "", message: "cannot read workflows directory"),
            ])
        }
        var result = WorkflowLoadResult(definitions: [], diagnostics: [])
        for name in names.sorted() where !name.hasPrefix(".") {
            let folder = directory.appendingPathComponent(name)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue,
                  fm.fileExists(atPath: folder.appendingPathComponent("workflow.json").path) else { continue }
            switch loadWorkflow(key: name) {
            case .success(let d): result.definitions.append(d)
            case .failure(let diagnostic): result.diagnostics.append(diagnostic)
            }
        }
        return result
    }

    /// Loads one workflow folder `<directory>/<key>`.
    public func loadWorkflow(key: String) -> Result<WorkflowDefinition, WorkflowDiagnostic> {
        let folder = directory.appendingPathComponent(key)
        let prefix = "\(displayRoot)/\(key)"
        let file = "\(prefix)/workflow.json"
        func fail(_ field: String, _ message: String, file: String = file) -> Result<WorkflowDefinition, WorkflowDiagnostic> {
            .failure(WorkflowDiagnostic(file: file, field: field, message: message, workflowKey: key))
        }
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("workflow.json").path),
              let text = String(data: data, encoding: .utf8) else {
            return fail("", "cannot read file")
        }
        let json: JSON
        do { json = try JSON.parse(text) } catch { return fail("", "invalid JSON: \(error)") }
        do {
            let resolver = FileReferenceResolver(workflowDirectory: folder, displayPrefix: prefix)
            let resolved = try resolver.resolve(json, in: folder)
            return .success(try WorkflowDefinition(key: key, json: resolved))
        } catch let e as DefinitionError {
            return fail(e.field, e.message, file: e.file ?? file)
        } catch {
            return fail("", "\(error)")
        }
    }
}

/// What `WorkflowLoader.load()` found: the workflows that loaded and a diagnostic per broken one.
public struct WorkflowLoadResult: Sendable {
    public var definitions: [WorkflowDefinition]
    public var diagnostics: [WorkflowDiagnostic]

    public subscript(key: String) -> WorkflowDefinition? { definitions.first { $0.key == key } }
}
