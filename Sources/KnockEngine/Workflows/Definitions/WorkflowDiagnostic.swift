/// One problem found while loading workflow definitions: the file, the field at fault and why.
///
/// The loader never stops at the first bad workflow; it collects one diagnostic per broken file
/// and keeps loading the others, so `description` must stand on its own in a terminal.
///
/// ```swift
/// let result = WorkflowLoader(directory: dir).load()
/// for d in result.diagnostics { print(d) }
/// // workflows/digest/workflow.json: steps[2].settings.delay_for.unit: expected one of seconds, minutes, hours, days, weeks, months
/// ```
public struct WorkflowDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var severity: Severity
    /// The file, shown relative to the parent of the workflows directory (`workflows/digest/workflow.json`).
    public var file: String
    /// The field path inside that file (`steps[2].settings.delay_for.unit`), empty for whole-file problems.
    public var field: String
    public var message: String
    /// The workflow key (folder name) this diagnostic belongs to, if any.
    public var workflowKey: String?

    public init(severity: Severity = .error, file: String, field: String, message: String, workflowKey: String? = nil) {
        self.severity = severity
        self.file = file
        self.field = field
        self.message = message
        self.workflowKey = workflowKey
    }

    public var description: String {
        field.isEmpty ? "\(file): \(message)" : "\(file): \(field): \(message)"
    }
}

/// A field-level decoding failure inside one JSON document; the loader adds the file name.
///
/// ```swift
/// do { _ = try WorkflowDefinition(key: "k", json: json) }
/// catch let e as DefinitionError { print(e.field, e.message) }
/// ```
public struct DefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var message: String
    /// Set when the fault lies in a referenced file rather than the document being decoded.
    public var file: String?

    public init(field: String, message: String, file: String? = nil) {
        self.field = field
        self.message = message
        self.file = file
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}
