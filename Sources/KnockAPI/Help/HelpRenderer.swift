/// Plain-text help printed from the catalog: `help`, `help SECTION`, `help SECTION OPERATION`.
///
/// ```swift
/// let help = HelpRenderer()
/// print(help.overview())                      // every section and its operations
/// print(try help.render(["users"]))           // the users commands with usage lines
/// print(try help.render(["users", "identify"])) // usage, summary, parameters, tier
/// ```
public struct HelpRenderer: Sendable {
    public let endpoints: [Endpoint]

    public init(endpoints: [Endpoint] = Catalog.endpoints) {
        self.endpoints = endpoints
    }

    /// `help` with no words, one section, or one command.
    public func render(_ words: [String]) throws(HelpError) -> String {
        switch words.count {
        case 0:
            return overview()
        case 1:
            return try section(words[0])
        default:
            return try command(words[0], words[1])
        }
    }

    public func overview() -> String {
        let sections = sectionNames()
        let width = (sections.map(\.count).max() ?? 0) + 2
        var lines = ["Commands (SECTION OPERATION), from the endpoint catalog:", ""]
        for name in sections {
            let ops = endpoints.filter { $0.section == name }
            let local = ops.allSatisfy { $0.scope == .localEngine } ? "  (local engine only)" : ""
            lines.append("  " + name.padded(to: width) + ops.map(\.operation).joined(separator: ", ") + local)
        }
        lines.append("")
        lines.append("help SECTION lists a section's commands; help SECTION OPERATION shows one.")
        lines.append("http METHOD PATH [BODY] sends any request as written.")
        return lines.joined(separator: "\n") + "\n"
    }

    public func section(_ name: String) throws(HelpError) -> String {
        let ops = endpoints.filter { $0.section == name }
        guard !ops.isEmpty else {
            throw .unknownSection(name, suggestion: closest(name, sectionNames()), sections: sectionNames())
        }
        var lines = ["\(name): \(ops.count) command\(ops.count == 1 ? "" : "s")"]
        if ops.allSatisfy({ $0.scope == .localEngine }) {
            lines.append("Local engine only: refused against a real Knock environment.")
        }
        lines.append("")
        for endpoint in ops {
            lines.append("  " + endpoint.usage)
            lines.append("      " + endpoint.summary)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func command(_ section: String, _ operation: String) throws(HelpError) -> String {
        guard let endpoint = endpoints.first(where: { $0.section == section && $0.operation == operation }) else {
            let ops = endpoints.filter { $0.section == section }.map(\.operation)
            if ops.isEmpty {
                throw .unknownSection(section, suggestion: closest(section, sectionNames()), sections: sectionNames())
            }
            throw .unknownOperation(section, operation, suggestion: closest(operation, ops), operations: ops)
        }
        return describe(endpoint)
    }

    /// The full help of one command.
    public func describe(_ endpoint: Endpoint) -> String {
        var lines = ["Usage: " + endpoint.usage, "", endpoint.summary, ""]
        var facts = "  \(endpoint.method.rawValue) \(endpoint.path)"
        if let tier = endpoint.rateTier { facts += "    rate limit: tier \(tier)" }
        lines.append(facts)
        lines += endpoint.aliasPaths.map { "  also \(endpoint.method.rawValue) \($0) (the same operation)" }
        if endpoint.scope == .localEngine {
            lines.append("  Local engine only: refused against a real Knock environment.")
        }

        let arguments = endpoint.pathParameters.map { ($0.uppercased(), "path parameter") }
            + endpoint.positionalParameters.map { ($0.name.uppercased(), describe($0)) }
        if !arguments.isEmpty {
            lines.append("")
            lines.append("Arguments:")
            let width = (arguments.map(\.0.count).max() ?? 0) + 2
            lines += arguments.map { "  " + $0.0.padded(to: width) + $0.1 }
        }
        let body = endpoint.bodyParameters.filter { !$0.positional }
        if !body.isEmpty {
            lines.append("")
            lines.append("Body (a trailing record; each field also works as an option):")
            lines += table(body)
        }
        if !endpoint.queryParameters.isEmpty {
            lines.append("")
            lines.append("Query options:")
            lines += table(endpoint.queryParameters)
        }
        if endpoint.isPaginated {
            lines.append("")
            lines.append("Paginated: --all follows page_info.after and returns every page's items.")
        }
        if endpoint.acceptsIdempotencyKey {
            lines.append("")
            lines.append("Idempotent: --idempotency-key KEY is sent as the Idempotency-Key header; a repeat with the same")
            lines.append("key and body within 24 hours answers the first trigger's result instead of running again.")
            lines.append("Without it each trigger gets a random key, shared by its retries.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func table(_ parameters: [Parameter]) -> [String] {
        let width = (parameters.map(\.optionName.count).max() ?? 0) + 2
        return parameters.map { "  " + $0.optionName.padded(to: width) + describe($0) }
    }

    /// `integer, required. How far ... One of: a, b.`
    private func describe(_ parameter: Parameter) -> String {
        var text = parameter.kind.description
        if parameter.required { text += ", required" }
        if !parameter.help.isEmpty { text += ". " + parameter.help }
        if !parameter.values.isEmpty { text += " One of: " + parameter.values.joined(separator: ", ") + "." }
        return text
    }

    private func sectionNames() -> [String] {
        var seen = Set<String>()
        return endpoints.map(\.section).filter { seen.insert($0).inserted }
    }

    private func closest(_ word: String, _ candidates: [String]) -> String? {
        candidates.map { ($0, RequestBuilder.editDistance($0, word)) }
            .filter { $0.1 <= max(2, word.count / 3) }.min { $0.1 < $1.1 }?.0
    }
}

/// A `help` topic that does not exist, with the nearest name and the valid ones.
public enum HelpError: Error, Equatable, CustomStringConvertible {
    case unknownSection(String, suggestion: String?, sections: [String])
    case unknownOperation(String, String, suggestion: String?, operations: [String])

    public var description: String {
        switch self {
        case .unknownSection(let name, let suggestion, let sections):
            return "no section \"\(name)\"" + (suggestion.map { "; did you mean \($0)?" } ?? "")
                + " (sections: \(sections.joined(separator: ", ")))"
        case .unknownOperation(let section, let op, let suggestion, let ops):
            return "no command \"\(section) \(op)\"" + (suggestion.map { "; did you mean \(section) \($0)?" } ?? "")
                + " (\(section): \(ops.joined(separator: ", ")))"
        }
    }
}

extension String {
    fileprivate func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
