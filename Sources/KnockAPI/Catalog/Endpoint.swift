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
    public let parameters: [Parameter]
    /// Knock's rate-limit tier (1 is the strictest), when the reference gives one.
    public let rateTier: Int?
    /// One line for `help`.
    public let summary: String
    /// Whether a real Knock environment serves it, or only the local engine.
    public let scope: Scope

    public init(
        _ section: String, _ operation: String, _ method: HTTPMethod, _ path: String,
        tier: Int? = nil, scope: Scope = .knock, summary: String, parameters: [Parameter] = []
    ) {
        self.section = section
        self.operation = operation
        self.method = method
        self.path = path
        self.rateTier = tier
        self.scope = scope
        self.summary = summary
        self.parameters = parameters
    }

    /// `"users identify"`: the command name in the script language.
    public var id: String { "\(section) \(operation)" }

    /// The `{name}` placeholders of `path`, in order.
    public var pathParameters: [String] {
        var names: [String] = []
        var rest = path[...]
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
public struct Parameter: Sendable, Equatable {
    public enum Location: Sendable, Equatable { case query, body }
    public indirect enum Kind: Sendable, Equatable {
        case string, integer, boolean, number, object, any
        case array(of: Kind)
        case oneOf([Kind])
    }

    public let name: String
    public let location: Location
    public let kind: Kind
    public let required: Bool
    public let help: String

    public init(_ name: String, _ location: Location, _ kind: Kind, required: Bool = false, help: String = "") {
        self.name = name
        self.location = location
        self.kind = kind
        self.required = required
        self.help = help
    }

    public static func query(_ name: String, _ kind: Kind, required: Bool = false, _ help: String = "") -> Parameter {
        Parameter(name, .query, kind, required: required, help: help)
    }

    public static func body(_ name: String, _ kind: Kind, required: Bool = false, _ help: String = "") -> Parameter {
        Parameter(name, .body, kind, required: required, help: help)
    }
}
