import Foundation
import KnockCore

/// Turns one command invocation (an endpoint, positional argument strings, `--option` values
/// and an optional body) into an `APIRequest`. Knows nothing of the script language: the
/// interpreter hands it plain strings and JSON.
///
/// ```swift
/// let e = Catalog.endpoint("users", "messages")!
/// let r = try RequestBuilder.build(e, arguments: ["u1"], options: [("--page-size", 10), ("--status", "sent")])
/// r.pathAndQuery   // "/v1/users/u1/messages?page_size=10&status[]=sent"
/// ```
///
/// Positional arguments fill the path parameters in order, then any positional body
/// parameters (`clock advance 10m`). Options are looked up in the catalog (`--page-size` is
/// `page_size`); body options merge into the body and win over its keys. Required query or body
/// parameters are not enforced here: Knock's (or the engine's) 422 is the answer a recipe may
/// want to assert on.
public enum RequestBuilder {
    public static func build(
        _ endpoint: Endpoint, arguments: [String] = [], options: [(String, JSON)] = [], body: JSON? = nil
    ) throws(RequestBuildError) -> APIRequest {
        let command = endpoint.id
        let pathNames = endpoint.pathParameters
        let positionals = endpoint.positionalParameters

        if arguments.count > pathNames.count + positionals.count {
            throw .tooManyArguments(
                command: command, extra: Array(arguments[(pathNames.count + positionals.count)...]),
                usage: endpoint.usage)
        }

        var path = endpoint.path
        for (index, name) in pathNames.enumerated() {
            guard index < arguments.count else {
                throw .missingArgument(command: command, name: name, usage: endpoint.usage)
            }
            guard !arguments[index].isEmpty else { throw .emptyArgument(command: command, name: name) }
            path = path.replacingFirst("{\(name)}", with: PercentEncoding.encode(arguments[index]))
        }

        // Body: the trailing record first, then positional body values, then body options.
        var bodyObject: JSONObject?
        if let body {
            guard endpoint.takesBody else { throw .bodyNotAccepted(command: command) }
            guard case .object(let o) = body else { throw .bodyNotObject(command: command, got: body.typeName) }
            bodyObject = o
        }
        for (offset, parameter) in positionals.enumerated() {
            let index = pathNames.count + offset
            if index < arguments.count {
                bodyObject = bodyObject ?? [:]
                bodyObject![parameter.name] = try coerce(.string(arguments[index]), to: parameter, command: command)
            }
        }

        var queryValues: [(Parameter, JSON)] = []
        var bodyOptionsSeen: Set<String> = []
        for (option, value) in options {
            guard let parameter = endpoint.parameter(forOption: option) else {
                throw unknownOption(option, endpoint)
            }
            let coerced = try coerce(value, to: parameter, command: command)
            switch parameter.location {
            case .query:
                if let i = queryValues.firstIndex(where: { $0.0 == parameter }) {
                    queryValues[i].1 = appending(queryValues[i].1, coerced, parameter)
                } else {
                    queryValues.append((parameter, coerced))
                }
            case .body:
                bodyObject = bodyObject ?? [:]
                // An option replaces the record's key, but a repeated list option adds to itself.
                if bodyOptionsSeen.insert(parameter.name).inserted {
                    bodyObject![parameter.name] = coerced
                } else {
                    bodyObject![parameter.name] = appending(bodyObject![parameter.name] ?? .null, coerced, parameter)
                }
            }
        }

        for parameter in positionals where parameter.required && bodyObject?[parameter.name] == nil {
            throw .missingArgument(command: command, name: parameter.name, usage: endpoint.usage)
        }
        // A body-taking endpoint always gets an object, so servers that parse JSON never see an
        // empty body where they expect one.
        if endpoint.takesBody, bodyObject == nil { bodyObject = [:] }

        let query = queryValues.flatMap { QueryEncoder.items($0.0.wireBase, $0.1) }
        return APIRequest(endpoint.method, path, query: query, body: bodyObject.map { .object($0) },
                          endpointID: endpoint.id)
    }

    /// Fits an option value to the parameter's type: a single value for a list parameter becomes
    /// a one-element list, a record for a string parameter (`trigger_data`) its JSON text, and
    /// a numeric or boolean word for a typed body parameter the number or boolean.
    static func coerce(_ value: JSON, to parameter: Parameter, command: String) throws(RequestBuildError) -> JSON {
        func fail() -> RequestBuildError {
            .invalidOptionValue(command: command, option: parameter.optionName,
                                expected: parameter.kind.description, got: value.serialized())
        }
        switch (parameter.kind, value) {
        case (.array(let element), .array(let items)):
            var out: [JSON] = []
            for item in items {
                out.append(try coerce(item, to: Parameter(parameter.name, parameter.location, element), command: command))
            }
            return .array(out)
        case (.array(let element), _):
            return .array([try coerce(value, to: Parameter(parameter.name, parameter.location, element), command: command)])
        case (.string, .object), (.string, .array):
            return .string(value.serialized())
        case (.string, .int), (.string, .double), (.string, .bool):
            return .string(QueryEncoder.scalarText(value))
        case (.integer, .string(let s)):
            guard let i = Int(s) else { throw fail() }
            return .int(i)
        case (.integer, .double(let d)):
            guard d.rounded() == d, let i = Int(exactly: d) else { throw fail() }
            return .int(i)
        case (.number, .string(let s)):
            if let i = Int(s) { return .int(i) }
            guard let d = Double(s) else { throw fail() }
            return .double(d)
        case (.boolean, .string(let s)):
            switch s {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw fail()
            }
        case (.integer, .bool), (.number, .bool), (.boolean, .int), (.boolean, .double),
             (.integer, .object), (.integer, .array), (.number, .object), (.number, .array),
             (.boolean, .object), (.boolean, .array), (.object, .string), (.object, .int),
             (.object, .double), (.object, .bool), (.object, .array):
            throw fail()
        default:
            return value
        }
    }

    /// A repeated list option adds to the list (`--status sent --status queued`); a repeated
    /// scalar option replaces the earlier value.
    private static func appending(_ previous: JSON, _ next: JSON, _ parameter: Parameter) -> JSON {
        guard case .array = parameter.kind, case .array(let a) = previous, case .array(let b) = next else { return next }
        return .array(a + b)
    }

    private static func unknownOption(_ option: String, _ endpoint: Endpoint) -> RequestBuildError {
        let shown = option.hasPrefix("-") ? option : "--" + option
        let valid = endpoint.parameters.map(\.optionName)
        let suggestion = valid.map { ($0, editDistance($0, shown)) }.filter { $0.1 <= 3 }.min { $0.1 < $1.1 }?.0
        return .unknownOption(command: endpoint.id, option: shown, suggestion: suggestion, valid: valid)
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
