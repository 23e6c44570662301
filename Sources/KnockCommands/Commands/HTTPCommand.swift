import KnockAPI
import KnockCore
import KnockScript

/// `http METHOD PATH [BODY]`: any request as written, for what the catalog does not cover.
/// The answer's JSON is the value; 4xx/5xx raise an API error like any command.
///
/// ```
/// http GET /v1/users/u1
/// http PUT /v1/users/u1 {name: "Ada"}
/// http GET "/v1/users?page_size=1" --all
/// ```
public struct HTTPCommand: ScriptCommand {
    public let name = ["http"]
    public let summary = "Send any request to the API as written: http PUT /v1/users/u1 {name: \"Ada\"}"
    public let usage = "http METHOD PATH [BODY] [--all]"

    public init() {}

    public func run(_ inv: CommandInvocation) throws -> Value {
        guard inv.arguments.count == 2 else {
            throw inv.usageError("expected a method and a path", usage: usage)
        }
        for option in inv.options where ValueBridge.normal(option.name) != "all" {
            throw inv.usageError("unknown option --\(option.name)", usage: usage)
        }
        let method = inv.arguments[0].text.uppercased()
        guard let verb = HTTPMethod(rawValue: method) else {
            throw ErrorMapping.scriptError(RawRequestError.unknownMethod(method), context: inv.context).located(inv.location)
        }
        let request = RawRequest.make(verb, inv.arguments[1].text, body: try inv.body?.json())
        let session = try inv.context.apiSession()
        if !session.isLocalEngine, request.path.hasPrefix("/_admin/") {
            throw ScriptError.runtime(
                "http \(method) \(request.path) is a local engine command: a real Knock environment has no /_admin routes",
                hint: "run against the embedded engine, without --api-url", at: inv.location)
        }
        return Value(json: try session.send(request, all: inv.flag("all"), context: inv.context))
    }
}
