/// One operation of the Knock API: where it lives, what it takes, how it is limited.
///
/// The catalog is the only place an endpoint is described. The script's commands, `help`,
/// the shell's completion, the client and the local engine's route table all read it.
///
/// ```swift
/// let identify = Catalog.endpoint("users", "identify")!
/// identify.method            // .put
/// identify.path              // "/v1/users/{user_id}"
/// identify.pathParameters    // ["user_id"]
/// ```
public struct Endpoint: Sendable, Identifiable {
    public let section: String
    public let operation: String
    public let method: HTTPMethod
    /// The path template with `{name}` placeholders, exactly as in Knock's OpenAPI spec.
    public let path: String
    /// Other paths the spec serves this same operation under, with the same method, path
    /// parameters and body (`DELETE /v1/messages/{message_id}/unseen` for `unmark-seen`). The
    /// server routes them to this entry; the command and `help` use `path`.
    public let aliasPaths: [String]
    public let parameters: [Parameter]
    /// Knock's rate-limit tier (1 is the strictest), when the reference gives one.
    public let rateTier: Int?
    /// One line for `help`.
    public let summary: String
    /// Whether a real Knock environment serves it, or only the local engine.
    public let scope: Scope
    /// `"users identify"`: the command name in the script language (kept, not formatted per
    /// request: the server looks handlers up by it).
    public let id: String

    public init(
        _ section: String, _ operation: String, _ method: HTTPMethod, _ path: String,
        tier: Int? = nil, scope: Scope = .knock, aliases: [String] = [], summary: String, parameters: [Parameter] = []
    ) {
        self.section = section
        self.operation = operation
        self.method = method
        self.path = path
        self.aliasPaths = aliases
        self.rateTier = tier
        self.scope = scope
        self.summary = summary
        self.parameters = parameters
        self.id = "\(section) \(operation)"
    }

    /// The `{name}` placeholders of `path`, in order.
    public var pathParameters: [String] { Self.placeholders(path) }

    /// The `{name}` placeholders of a path template, in order.
    static func placeholders(_ template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    public var queryParameters: [Parameter] { parameters.filter { $0.location == .query } }
    public var bodyParameters: [Parameter] { parameters.filter { $0.location == .body } }

    public enum Scope: Sendable, Equatable {
        /// Served by Knock and by the local engine.
        case knock
        /// Served only by the local engine (clock, outbox, failure injection, environments).
        case localEngine
    }
}

public enum HTTPMethod: String, Sendable, CaseIterable {
    case get = "GET", post = "POST", put = "PUT", delete = "DELETE", patch = "PATCH"
}

/// A query or body parameter of an endpoint. Path parameters come from the path template.
///
/// ```swift
/// .query("page_size", .integer, "Items per page (defaults to 50).")
/// .body("recipients", .array(of: .oneOf([.string, .object])), required: true, "Who receives it.")
/// .body("duration", .string, required: true, positional: true, "How far to move the clock.")
/// ```
public struct Parameter: Sendable, Equatable {
    public enum Location: Sendable, Equatable { case query, body }
    public indirect enum Kind: Sendable, Equatable {
        case string, integer, boolean, number, object, any
        case array(of: Kind)
        case oneOf([Kind])
    }

    /// The name on the wire, exactly as Knock's spec spells it (`page_size`, `inserted_at.gte`,
    /// `recipients[]`).
    public let name: String
    public let location: Location
    public let kind: Kind
    public let required: Bool
    public let help: String
    /// The allowed values when the spec lists them (an enum), for help and completion.
    public let values: [String]
    /// Filled by a positional argument after the path parameters (`clock advance 10m`), in
    /// declaration order, instead of only by `--option`.
    public let positional: Bool

    public init(
        _ name: String, _ location: Location, _ kind: Kind, required: Bool = false,
        values: [String] = [], positional: Bool = false, help: String = ""
    ) {
        self.name = name
        self.location = location
        self.kind = kind
        self.required = required
        self.values = values
        self.positional = positional
        self.help = help
    }

    public static func query(
        _ name: String, _ kind: Kind, required: Bool = false, values: [String] = [], _ help: String = ""
    ) -> Parameter {
        Parameter(name, .query, kind, required: required, values: values, help: help)
    }

    public static func body(
        _ name: String, _ kind: Kind, required: Bool = false, values: [String] = [],
        positional: Bool = false, _ help: String = ""
    ) -> Parameter {
        Parameter(name, .body, kind, required: required, values: values, positional: positional, help: help)
    }

    /// The script option that sets it: `page_size` is `--page-size`, `recipients[]` is
    /// `--recipients`, `inserted_at.gte` is `--inserted-at.gte`.
    public var optionName: String {
        // `__persistence_strategy__` reads better as `--persistence-strategy`.
        let trimmed = wireBase.drop { $0 == "_" }.reversed().drop { $0 == "_" }.reversed()
        return "--" + String(trimmed.map { $0 == "_" ? "-" : $0 })
    }

    /// The name without a trailing `[]`: the key the query encoder starts from.
    var wireBase: String { name.hasSuffix("[]") ? String(name.dropLast(2)) : name }
}

extension Parameter.Kind: CustomStringConvertible {
    /// `string`, `integer[]`, `string|object`: how `help` shows a type.
    public var description: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .boolean: return "boolean"
        case .number: return "number"
        case .object: return "object"
        case .any: return "any"
        case .array(let of):
            if case .oneOf = of { return "(\(of))[]" }
            return "\(of)[]"
        case .oneOf(let kinds): return kinds.map(\.description).joined(separator: "|")
        }
    }
}
