import KnockAPI
import KnockCore
import KnockScript

/// `wait message [FILTERS] [within DUR] [every DUR]` returns the first (oldest) message that
/// matches, as soon as it exists; `wait messages N [FILTERS]` returns a list of N.
///
/// Filters: `--recipient ID`, `--workflow KEY`, `--channel-type T`, `--channel ID`,
/// `--status S` (a delivery status, or an engagement one such as `read`), `--run RUN_ID`,
/// `--tenant T`. Waiting for a status fails at once when a message reaches a final bad state
/// (`undelivered`, `bounced`, `not_sent`) it can never leave; on timeout the failure lists the
/// closest message with its events and delivery logs.
///
/// ```
/// let msg = wait message --recipient u1 --workflow welcome --channel-type email --status delivered within 5s
/// let feed = wait messages 3 --recipient u1 --channel-type in_app_feed
/// ```
public struct WaitMessageCommand: ScriptCommand {
    public let name: [String]
    public let summary: String
    public let usage: String
    let plural: Bool

    /// `plural` false: `wait message`; true: `wait messages N`.
    public init(plural: Bool) {
        self.plural = plural
        name = ["wait", plural ? "messages" : "message"]
        let filters = "[--recipient ID] [--workflow KEY] [--channel-type T] [--channel ID] [--status S] [--run RUN_ID] [--tenant T] [within DUR]"
        usage = plural ? "wait messages N " + filters : "wait message " + filters
        summary = plural
            ? "Wait until N messages match, and return them (oldest first)"
            : "Wait until a message matches, and return it; fails at once on a final bad state"
    }

    public func run(_ inv: CommandInvocation) throws -> Value {
        let count: Int
        if plural {
            guard inv.arguments.count == 1, let n = inv.arguments[0].intValue ?? Int(inv.arguments[0].text), n >= 1 else {
                throw inv.usageError("expected how many messages to wait for", usage: usage)
            }
            count = n
        } else {
            guard inv.arguments.isEmpty else { throw inv.usageError("takes no positional arguments", usage: usage) }
            count = 1
        }
        let query = try MessageQuery(inv, usage: usage)
        let timing = try WaitTiming.read(inv)
        let session = try inv.context.apiSession()
        let context = inv.context
        // Channel ids → types, fetched only if a message does not carry its channel's type.
        var channelTypes: [String: String] = [:]
        var fetchedChannels = false

        var lastSeen: [JSON] = []
        var poller = Poller(withinMilliseconds: timing.within, everyMilliseconds: timing.every, context: context)
        let found: [JSON]? = try poller.run { _ in
            let page = try query.poll(session, context)
            lastSeen = page
            if query.channelType != nil, !fetchedChannels, page.contains(where: { $0["channel"]?["type"] == nil }) {
                channelTypes = MessageQuery.channelTypes(session, context)
                fetchedChannels = true
            }
            let candidates = page.filter { query.mismatches($0, channelTypes: channelTypes).isEmpty }
            let ready = candidates.filter(query.satisfiesStatus)
            if ready.count >= count { return Array(ready.prefix(count)) }
            let pending = candidates.filter { !query.satisfiesStatus($0) && !query.isDead($0) }
            if candidates.count >= count, ready.count + pending.count < count,
               let dead = candidates.first(where: query.isDead) {
                let status = dead["status"]?.stringValue ?? "?"
                throw ScriptError.failure(
                    "\(inv.displayName): the message reached \(status), a final state, while waiting for \(query.status ?? "?") (\(query.description))",
                    notes: WaitReport.describe(dead, query: query, channelTypes: channelTypes, session: session, context: context),
                    at: inv.location)
            }
            return nil
        }
        if let found {
            return plural ? .list(found.map(Value.init(json:))) : Value(json: found[0])
        }
        throw timeoutFailure(inv, query: query, count: count, timing: timing.within, attempts: poller.attempts,
                             seen: lastSeen, channelTypes: channelTypes, session: session)
    }

    func timeoutFailure(_ inv: CommandInvocation, query: MessageQuery, count: Int, timing: Int, attempts: Int,
                        seen: [JSON], channelTypes: [String: String], session: APISession) -> ScriptError {
        let matching = seen.filter { query.mismatches($0, channelTypes: channelTypes).isEmpty && query.satisfiesStatus($0) }.count
        var notes = ["waited \(KnockDuration(milliseconds: timing)) (\(attempts) poll\(attempts == 1 ? "" : "s")) for \(query.description)"]
        if let closest = WaitReport.closest(seen, query: query, channelTypes: channelTypes) {
            notes += WaitReport.describe(closest, query: query, channelTypes: channelTypes, session: session, context: inv.context)
        } else {
            notes.append(query.recipient.map { "no messages at all for recipient \($0)" } ?? "no messages at all in this environment")
        }
        let within = KnockDuration(milliseconds: timing)
        let message = plural ? "\(inv.displayName): \(matching) of \(count) matched within \(within)" : "\(inv.displayName): no matching message within \(within)"
        return ScriptError.failure(message, notes: notes, at: inv.location)
    }
}
