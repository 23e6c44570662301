import Foundation
import KnockCore

/// The run scope conditions are evaluated in: `data`, `recipient`, `actor`, `tenant`, `vars`,
/// `workflow` (`id`, `key`, `name`, `categories`), `run` (`total_activities`, `total_actors`),
/// message outcomes of earlier steps (`refs`), the evaluation time, and the tenant id for
/// audience membership.
///
/// ```swift
/// let ctx = ConditionContext(
///     data: ["priority": "high"], recipient: ["id": "u1", "plan": "pro"],
///     refs: ["email_1": .skipped], now: Date())
/// ctx.lookup("recipient.plan")   // "pro"
/// ```
public struct ConditionContext: Sendable {
    /// Top-level scope objects by prefix. Any key here can start a path.
    public var scope: JSONObject
    public var refs: [String: StepMessageOutcome]
    public var now: Date
    /// The run's tenant for `is_audience_member`; defaults to `tenant.id` in scope.
    public var tenantID: String?

    public init(data: JSON = [:], recipient: JSON = [:], actor: JSON = .null, tenant: JSON = .null,
                vars: JSON = [:], workflow: JSON = [:], run: JSON = [:],
                refs: [String: StepMessageOutcome] = [:], now: Date = Date(), tenantID: String? = nil) {
        var scope = JSONObject()
        scope["data"] = data
        scope["recipient"] = recipient
        scope["actor"] = actor
        scope["tenant"] = tenant
        scope["vars"] = vars
        scope["workflow"] = workflow
        scope["run"] = run
        self.init(scope: scope, refs: refs, now: now, tenantID: tenantID ?? tenant["id"]?.stringValue)
    }

    /// A context from a ready-made scope object (extra prefixes are allowed).
    public init(scope: JSONObject, refs: [String: StepMessageOutcome] = [:], now: Date = Date(), tenantID: String? = nil) {
        self.scope = scope
        self.refs = refs
        self.now = now
        self.tenantID = tenantID ?? scope["tenant"]?["id"]?.stringValue
    }

    /// The recipient id, for audience membership.
    public var recipientID: String? { scope["recipient"]?["id"]?.stringValue }

    /// True when `text` is a path into this scope: a known prefix alone or followed by `.` / `[`.
    public func isPath(_ text: String) -> Bool {
        guard let prefix = Self.prefix(of: text) else { return false }
        return Self.knownPrefixes.contains(prefix) || scope[prefix] != nil
    }

    /// Prefixes that are paths even when the runtime left that scope object out (then they read as unset).
    public static let knownPrefixes: Set<String> = ["data", "recipient", "actor", "tenant", "vars", "workflow", "run", "refs"]

    /// The value at a dotted path (`data.items[0].name`, `data.items.0.name`); nil when unset.
    public func lookup(_ path: String) -> JSON? {
        let segments = Self.segments(path)
        guard let first = segments.first else { return nil }
        var current: JSON
        if first == "refs" {
            guard segments.count >= 2, let outcome = refs[segments[1]] else { return scope["refs"].flatMap { Self.walk($0, segments.dropFirst()) } }
            current = Self.json(for: outcome)
            return Self.walk(current, segments.dropFirst(2))
        }
        guard let root = scope[first] else { return nil }
        current = root
        return Self.walk(current, segments.dropFirst())
    }

    static func walk(_ value: JSON, _ rest: ArraySlice<String>) -> JSON? {
        var current = value
        for segment in rest {
            switch current {
            case .object(let o):
                guard let next = o[segment] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(segment), a.indices.contains(i) else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current.isNull ? .null : current
    }

    /// `refs.<ref>` as JSON for plain path access (the status operators use the typed outcome).
    static func json(for outcome: StepMessageOutcome) -> JSON {
        switch outcome {
        case .skipped:
            return ["delivery_status": "skipped", "engagement_status": [], "status": "skipped"]
        case .messages(let m):
            let delivery = m.max { (MessageStatusRank.rank($0.deliveryStatus) ?? -1) < (MessageStatusRank.rank($1.deliveryStatus) ?? -1) }
            let engaged = Set(m.flatMap(\.engagement)).sorted()
            // The highest status actually present on a message (interacted and link_clicked tie in rank).
            let present = Set(m.flatMap { [$0.deliveryStatus] + Array($0.engagement) })
            let top = present.filter { MessageStatusRank.rank($0) == outcome.combinedRank }.sorted().last
            return ["delivery_status": delivery.map { .string($0.deliveryStatus) } ?? .null,
                    "engagement_status": .array(engaged.map(JSON.string)),
                    "status": top.map(JSON.string) ?? .null]
        }
    }

    static func prefix(of text: String) -> String? {
        let end = text.firstIndex { $0 == "." || $0 == "[" } ?? text.endIndex
        let p = String(text[..<end])
        guard !p.isEmpty, p.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return p
    }

    static func segments(_ path: String) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in path {
            switch ch {
            case ".", "[":
                if !current.isEmpty { out.append(current) }
                current = ""
            case "]":
                break
            default:
                current.append(ch)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
