import KnockCore
import KnockEngine

/// `workflows trigger` and `workflows cancel`, answered by the environment's workflow runtime.
/// `Idempotency-Key` is honoured here only (§7.5); a replay carries `idempotent-replayed: true`.
enum WorkflowRoutes {
    static func register(_ routes: inout RouteTable) {
        routes.add("workflows", "trigger") { call in
            let runtime = call.engine.runtime(call.env)
            let reply = try runtime.trigger(workflowKey: call.path("key"), body: try call.body(), idempotencyKey: call.headers["idempotency-key"])
            return Reply(status: 200, body: reply.json, headers: reply.replayed ? [("idempotent-replayed", "true")] : [])
        }
        routes.add("workflows", "cancel") { call in
            let runtime = call.engine.runtime(call.env)
            try runtime.cancel(workflowKey: call.path("key"), body: try call.body())
            return .noContent
        }
    }
}

/// A page of an in-memory list (newest first); cursors are offsets.
func offsetPage<T: Sendable>(_ items: [T], _ request: PageRequest) -> Page<T> {
    let start: Int
    if let after = request.after { start = Int(after.seq) } else if let before = request.before { start = max(0, Int(before.seq) - request.pageSize) } else { start = 0 }
    let lower = min(max(0, start), items.count)
    let upper = min(lower + request.pageSize, items.count)
    return Page(entries: Array(items[lower..<upper]), after: upper < items.count ? Cursor(seq: Int64(upper)) : nil,
                before: lower > 0 ? Cursor(seq: Int64(lower)) : nil, pageSize: request.pageSize)
}
