import Foundation
import KnockCore

/// Reads the optional channel config file (`channels.json` beside the workflow folders) into a
/// `ChannelRegistry`. Format (every field but `key` optional; see docs/workflows.md):
///
/// ```json
/// {
///   "include_defaults": true,
///   "channels": [
///     {"key": "postmark", "type": "email", "provider": "postmark",
///      "id": "1c2d…", "name": "Postmark", "conditions": {"all": [...]}, "settings": {}}
///   ],
///   "channel_groups": [{"key": "mobile", "channel_type": "push", "channels": ["push", "fcm"]}]
/// }
/// ```
///
/// `type` may be left out when `provider` (or the key) names a known provider. A top-level array
/// is accepted as shorthand for `{"channels": [...]}`.
///
/// ```swift
/// let (registry, diagnostics) = ChannelConfigLoader.load(directory: workflowsDir)
/// ```
public enum ChannelConfigLoader {
    public static let fileName = "channels.json"

    /// Loads `directory/channels.json` if present; a missing file gives the defaults. Bad entries
    /// become diagnostics and are skipped; the rest still load.
    public static func load(directory: URL, displayRoot: String? = nil) -> (ChannelRegistry, [WorkflowDiagnostic]) {
        let url = directory.appendingPathComponent(fileName)
        let display = "\(displayRoot ?? directory.standardizedFileURL.lastPathComponent)/\(fileName)"
        guard let data = FileManager.default.contents(atPath: url.path) else { return (ChannelRegistry(), []) }
        guard let text = String(data: data, encoding: .utf8) else {
            return (ChannelRegistry(), [WorkflowDiagnostic(file: display, field: "", message: "file is not UTF-8")])
        }
        do {
            return parse(try JSON.parse(text), file: display)
        } catch {
            return (ChannelRegistry(), [WorkflowDiagnostic(file: display, field: "", message: "invalid JSON: \(error)")])
        }
    }

    /// Builds a registry from an already-parsed config document.
    public static func parse(_ json: JSON, file: String = fileName) -> (ChannelRegistry, [WorkflowDiagnostic]) {
        var diagnostics: [WorkflowDiagnostic] = []
        func report(_ e: Error) {
            let d = e as? DefinitionError
            diagnostics.append(WorkflowDiagnostic(file: file, field: d?.field ?? "", message: d?.message ?? "\(e)"))
        }
        let root: FieldReader
        do {
            if case .array = json { root = FieldReader(["channels": json]) } else { root = try FieldReader(value: json, path: "") }
        } catch {
            report(error)
            return (ChannelRegistry(), diagnostics)
        }
        var registry = ChannelRegistry(includeDefaults: (try? root.optionalBool("include_defaults")) ?? true)
        do {
            for item in try root.optionalArray("channels") ?? [] {
                do { registry.add(try channel(try FieldReader(value: item.value, path: item.path))) } catch { report(error) }
            }
            for item in try root.optionalArray("channel_groups") ?? [] {
                do { registry.add(try group(try FieldReader(value: item.value, path: item.path))) } catch { report(error) }
            }
        } catch {
            report(error)
        }
        return (registry, diagnostics)
    }

    private static func channel(_ r: FieldReader) throws -> Channel {
        let key = try r.string("key")
        let provider = try r.optionalString("provider")
        var type = try r.optionalEnum("type", ChannelType.self)
        if type == nil {
            type = provider.flatMap(ProviderCatalog.type(ofProvider:))
                ?? ProviderCatalog.named(byKey: key).flatMap(ProviderCatalog.type(ofProvider:))
        }
        guard let type else {
            throw DefinitionError(field: r.field("type"), message: "is required when neither provider nor key names a known provider")
        }
        var id: UUID?
        if let s = try r.optionalString("id") {
            guard let u = UUIDText.parse(s) else { throw DefinitionError(field: r.field("id"), message: "expected a UUID, got \"\(s)\"") }
            id = u
        }
        return Channel(id: id, key: key, type: type, provider: provider, name: try r.optionalString("name"),
                       conditions: try r.optionalConditionGroup("conditions"),
                       settings: try r.optionalObject("settings")?.object ?? [:], origin: .config)
    }

    private static func group(_ r: FieldReader) throws -> ChannelGroup {
        ChannelGroup(key: try r.string("key"), channelType: try r.requiredEnum("channel_type", ChannelType.self),
                     channelKeys: try r.optionalStringArray("channels") ?? [])
    }
}

extension ChannelRegistry {
    /// The registry for a workflows directory: defaults, then `channels.json`, then channels named
    /// by the workflows' steps. Diagnostics cover config errors and channel-type mismatches.
    ///
    /// ```swift
    /// let loaded = WorkflowLoader(directory: dir).load()
    /// let (channels, problems) = ChannelRegistry.load(directory: dir, workflows: loaded.definitions)
    /// ```
    public static func load(directory: URL, workflows: [WorkflowDefinition]) -> (ChannelRegistry, [WorkflowDiagnostic]) {
        var (registry, diagnostics) = ChannelConfigLoader.load(directory: directory)
        diagnostics += registry.register(workflows: workflows)
        return (registry, diagnostics)
    }
}
