import Foundation
import KnockCore

/// Resolves the Knock CLI's `@` file references inside a pulled `workflow.json`.
///
/// A key ending in `@` (`"markdown_body@": "in_app_feed_1/markdown_body.md"`) names a file whose
/// content becomes the value of the key without the `@`. Rules follow the CLI's reader:
/// - paths are relative to the directory of the file that holds the reference;
/// - only `visual_blocks.json` is decoded and spliced as JSON (its own references resolve one level
///   further); every other file, `.json` included, is inlined as a string;
/// - at most `maxDepth` (2) levels are followed; deeper `@` keys are left untouched;
/// - a path must be relative and stay inside the workflow directory; a missing file is an error;
/// - when both `x` and `x@` exist, the inline `x` wins and `x@` is dropped.
///
/// `__annotation` nodes (written by `knock workflow pull --annotate`) are dropped on the way.
///
/// ```swift
/// let resolver = FileReferenceResolver(workflowDirectory: dir, displayPrefix: "workflows/welcome")
/// let resolved = try resolver.resolve(json, in: dir)
/// ```
public struct FileReferenceResolver: Sendable {
    public static let marker = "@"
    public var maxDepth = 2
    public let workflowDirectory: URL
    /// How file names appear in errors (`workflows/welcome`).
    public let displayPrefix: String

    public init(workflowDirectory: URL, displayPrefix: String) {
        self.workflowDirectory = workflowDirectory.standardizedFileURL
        self.displayPrefix = displayPrefix
    }

    /// Resolves every reference in `value`, whose file lives in `directory`.
    public func resolve(_ value: JSON, in directory: URL) throws -> JSON {
        try resolve(value, directory: directory, level: 1, path: "", file: displayName(of: workflowDirectory.appendingPathComponent("workflow.json")))
    }

    private func resolve(_ value: JSON, directory: URL, level: Int, path: String, file: String) throws -> JSON {
        switch value {
        case .array(let items):
            return .array(try items.enumerated().map { i, item in
                try resolve(item, directory: directory, level: level, path: "\(path)[\(i)]", file: file)
            })
        case .object(let object):
            var out = JSONObject(minimumCapacity: object.count)
            for (key, child) in object {
                if key == "__annotation" { continue }
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard key.count > 1, key.hasSuffix(Self.marker), level <= maxDepth else {
                    out[key] = try resolve(child, directory: directory, level: level, path: childPath, file: file)
                    continue
                }
                let plain = String(key.dropLast())
                if object[plain] != nil { continue }  // inline value wins
                guard case .string(let relative) = child else {
                    throw DefinitionError(field: childPath, message: "expected a relative file path, got \(child.typeName)", file: file)
                }
                out[plain] = try load(relative, from: directory, level: level, field: childPath, file: file)
            }
            return .object(out)
        default:
            return value
        }
    }

    private func load(_ relative: String, from directory: URL, level: Int, field: String, file: String) throws -> JSON {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.hasPrefix("~") else {
            throw DefinitionError(field: field, message: "file path must be relative: \(relative)", file: file)
        }
        let target = directory.appendingPathComponent(relative).standardizedFileURL
        let root = workflowDirectory.path.hasSuffix("/") ? workflowDirectory.path : workflowDirectory.path + "/"
        guard target.path.hasPrefix(root) else {
            throw DefinitionError(field: field, message: "file path leaves the workflow directory: \(relative)", file: file)
        }
        guard let data = FileManager.default.contents(atPath: target.path) else {
            throw DefinitionError(field: field, message: "referenced file not found: \(relative)", file: file)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DefinitionError(field: field, message: "referenced file is not UTF-8: \(relative)", file: file)
        }
        guard target.lastPathComponent == "visual_blocks.json" else { return .string(text) }
        let targetName = displayName(of: target)
        let parsed: JSON
        do {
            parsed = try JSON.parse(text)
        } catch {
            throw DefinitionError(field: "", message: "invalid JSON: \(error)", file: targetName)
        }
        return try resolve(parsed, directory: target.deletingLastPathComponent(), level: level + 1, path: "", file: targetName)
    }

    func displayName(of url: URL) -> String {
        let root = workflowDirectory.path
        let full = url.standardizedFileURL.path
        let tail = full.hasPrefix(root + "/") ? String(full.dropFirst(root.count + 1)) : url.lastPathComponent
        return "\(displayPrefix)/\(tail)"
    }
}
