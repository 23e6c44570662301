import KnockAPI
import KnockCore
import KnockScript

/// One catalog endpoint as a script command, named `SECTION OPERATION`:
/// `users identify u1 {name: "Ada"}`, `messages list --status sent --all`.
///
/// Positional arguments fill the path parameters (then positional body parameters, as in
/// `clock advance 10m`), `--kebab-option VALUE` the query or body parameter of that name, and a
/// trailing record the body; `RequestBuilder` does the mapping. `--all` follows pagination, and
/// `--idempotency-key KEY` (triggers only) is sent as the `Idempotency-Key` header. The answer's
/// JSON is the command's value.
///
/// ```swift
/// registry.register(CatalogCommand(Catalog.endpoint("users", "get")!))
/// // users get u1            → GET /v1/users/u1
/// // outbox --to a@b.c       → the same as `outbox list --to a@b.c` (an alias name)
/// registry.register(CatalogCommand(Catalog.endpoint("outbox", "list")!, name: ["outbox"]))
/// ```
public struct CatalogCommand: ScriptCommand {
    public let endpoint: Endpoint
    public let name: [String]

    public init(_ endpoint: Endpoint, name: [String]? = nil) {
        self.endpoint = endpoint
        self.name = name ?? [endpoint.section, endpoint.operation]
    }

    public var summary: String {
        endpoint.summary + (endpoint.scope == .localEngine ? " (local engine only)" : "")
    }

    public var usage: String {
        var words = endpoint.usage
        if endpoint.isPaginated { words += " [--all]" }
        if endpoint.acceptsIdempotencyKey { words += " [--idempotency-key KEY]" }
        if name != [endpoint.section, endpoint.operation] {
            words = name.joined(separator: " ") + words.dropFirst(endpoint.id.count)
        }
        return words
    }

    public func run(_ inv: CommandInvocation) throws -> Value {
        let all = inv.flag("all")
        if all && !endpoint.isPaginated {
            throw inv.usageError("--all only applies to paginated lists", usage: usage)
        }
        let idempotencyKey = try self.idempotencyKey(inv)
        let session = try inv.context.apiSession()
        // Refused before building, so the message is about the target, not the arguments.
        do { try session.client.checkScope(endpoint) } catch { throw ErrorMapping.scriptError(error, context: inv.context).located(inv.location) }
        // The parser only takes a record as the body when it ends the command; written before
        // options (`users identify u1 {name: "Ada"} --email a@b.c`) it arrives as an argument.
        var arguments = inv.arguments
        var body = inv.body
        if body == nil, endpoint.takesBody, case .record? = arguments.last {
            body = arguments.removeLast()
        }
        var request: APIRequest
        do {
            request = try RequestBuilder.build(
                endpoint, arguments: arguments.map(ValueBridge.word),
                options: try ValueBridge.options(inv, dropping: ["all", "idempotency-key"]), body: try body?.json())
        } catch {
            throw ErrorMapping.scriptError(error, context: inv.context).located(inv.location)
        }
        if let idempotencyKey { request.headers["Idempotency-Key"] = idempotencyKey }
        return Value(json: try session.send(request, all: all, context: inv.context))
    }

    /// `--idempotency-key KEY` of a trigger: a non-empty string (numbers as their digits). Other
    /// commands refuse it, since Knock ignores the header everywhere else.
    func idempotencyKey(_ inv: CommandInvocation) throws -> String? {
        guard let value = inv.option("idempotency-key") else { return nil }
        guard endpoint.acceptsIdempotencyKey else {
            throw inv.usageError("--idempotency-key only applies to workflows trigger", usage: usage)
        }
        switch value {
        case .string(let s) where !s.isEmpty: return s
        case .int, .double: return value.text
        default: throw inv.usageError("--idempotency-key expects a non-empty string, got \(value.typeName)", usage: usage)
        }
    }
}
