import KnockCore

/// A `POST /v1/workflows/{key}/trigger` body (`TriggerWorkflowRequest`), validated (§2.1).
///
/// Recipients and the actor come as a user id, an inline user `{id, …}`, or an object
/// `{id, collection, …}`; inline properties are identified before the run starts. An inline
/// recipient's `$trigger_data` is merged into that recipient's `data` only (shallow,
/// recipient keys win [I]).
///
/// ```swift
/// let request = try TriggerRequest(body: ["recipients": ["u1", ["id": "u2", "email": "b@x.test"]], "data": ["a": 1]])
/// request.recipients.map(\.ref)   // [.user("u1"), .user("u2")]
/// ```
public struct TriggerRequest: Sendable, Hashable {
    /// One recipient (or the actor) as given.
    public struct Entry: Sendable, Hashable {
        public var ref: RecipientRef
        /// Properties to identify (nil for a bare id or `{id, collection}` reference).
        public var inline: JSONObject?
        /// `$trigger_data` of an inline recipient.
        public var triggerData: JSONObject?
    }

    public static let maxRecipients = 1_000
    public static let maxDataBytes = 10 * 1024 * 1024

    public var recipients: [Entry]
    public var actor: Entry?
    public var tenantID: String?
    /// Inline tenant properties to upsert.
    public var tenantInline: JSONObject?
    public var data: JSON
    public var cancellationKey: String?
    public var sandboxMode: Bool
    public var skipDelay: Bool
    /// Set for a schedule's occurrence: `recipient.schedule` in scope, and objects do not fan out (§6.2).
    public var schedule: JSON?

    public init(recipients: [Entry], actor: Entry? = nil, tenantID: String? = nil, tenantInline: JSONObject? = nil, data: JSON = [:],
                cancellationKey: String? = nil, sandboxMode: Bool = false, skipDelay: Bool = false) {
        self.recipients = recipients
        self.actor = actor
        self.tenantID = tenantID
        self.tenantInline = tenantInline
        self.data = data
        self.cancellationKey = cancellationKey
        self.sandboxMode = sandboxMode
        self.skipDelay = skipDelay
    }

    /// Validates a request body; every refusal is a Knock 4xx body (`invalid_params` 422).
    public init(body: JSON) throws(EngineError) {
        guard case .object(let o) = body else {
            throw EngineError.invalid("body", "must be a JSON object", type: "type")
        }
        guard let rawRecipients = o["recipients"], !rawRecipients.isNull else {
            throw EngineError.invalid("recipients", "is required", type: "required")
        }
        guard case .array(let items) = rawRecipients else {
            throw EngineError.invalid("recipients", "must be a list", type: "type")
        }
        guard items.count <= Self.maxRecipients else {
            throw EngineError.invalid("recipients", "must have at most \(Self.maxRecipients) recipients (got \(items.count))", type: "length")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(items.count)
        for (i, item) in items.enumerated() { entries.append(try Self.entry(item, field: "recipients[\(i)]")) }
        recipients = entries

        if let a = o["actor"], !a.isNull { actor = try Self.entry(a, field: "actor") } else { actor = nil }

        switch o["tenant"] {
        case nil, .null?:
            tenantID = nil
            tenantInline = nil
        case .string(let id)?:
            guard !id.isEmpty else { throw EngineError.invalid("tenant", "must not be empty") }
            tenantID = id
            tenantInline = nil
        case .object(var t)?:
            guard case .string(let id)? = t.removeValue(forKey: "id"), !id.isEmpty else {
                throw EngineError.invalid("tenant.id", "is required", type: "required")
            }
            tenantID = id
            tenantInline = t
        default:
            throw EngineError.invalid("tenant", "must be a tenant id or a tenant object", type: "type")
        }

        switch o["data"] {
        case nil, .null?: data = [:]
        case .object(let d)?:
            data = .object(d)
            // Serializing is the only exact measure; skip it for payloads that are obviously small.
            if d.count > 64 || d.values.contains(where: { if case .string(let s) = $0 { return s.utf8.count > 65_536 } else { return true } }) {
                let size = data.serializedBytes().count
                guard size <= Self.maxDataBytes else {
                    throw EngineError.invalid("data", "must be at most 10 MB (got \(size) bytes)", type: "length")
                }
            }
        default:
            throw EngineError.invalid("data", "must be an object", type: "type")
        }

        switch o["cancellation_key"] {
        case nil, .null?: cancellationKey = nil
        case .string(let k)?: cancellationKey = k
        default: throw EngineError.invalid("cancellation_key", "must be a string", type: "type")
        }

        var sandbox = false, skip = false
        switch o["settings"] {
        case nil, .null?: break
        case .object(let s)?:
            sandbox = try Self.flag(s["sandbox_mode"], "settings.sandbox_mode")
            skip = try Self.flag(s["skip_delay"], "settings.skip_delay")
        default: throw EngineError.invalid("settings", "must be an object", type: "type")
        }
        sandboxMode = sandbox
        skipDelay = skip
    }

    private static func flag(_ v: JSON?, _ field: String) throws(EngineError) -> Bool {
        switch v {
        case nil, .null?: return false
        case .bool(let b)?: return b
        default: throw EngineError.invalid(field, "must be a boolean", type: "type")
        }
    }

    /// A recipient or actor: `"id"`, `{id, …}` (user), `{id, collection, …}` (object).
    static func entry(_ value: JSON, field: String) throws(EngineError) -> Entry {
        switch value {
        case .string(let id):
            guard !id.isEmpty else { throw EngineError.invalid(field, "must not be empty") }
            return Entry(ref: .user(id), inline: nil, triggerData: nil)
        case .object(var o):
            guard case .string(let id)? = o.removeValue(forKey: "id"), !id.isEmpty else {
                throw EngineError.invalid("\(field).id", "is required", type: "required")
            }
            var collection: String?
            if let c = o.removeValue(forKey: "collection"), !c.isNull {
                guard case .string(let name) = c, !name.isEmpty else {
                    throw EngineError.invalid("\(field).collection", "must be a non-empty string", type: "type")
                }
                collection = name
            }
            var triggerData: JSONObject?
            if let td = o.removeValue(forKey: "$trigger_data"), !td.isNull {
                guard case .object(let t) = td else { throw EngineError.invalid("\(field).$trigger_data", "must be an object", type: "type") }
                triggerData = t
            }
            return Entry(ref: RecipientRef(collection: collection, id: id), inline: o.isEmpty ? nil : o, triggerData: triggerData)
        default:
            throw EngineError.invalid(field, "must be a user id, a user object or an object reference {id, collection}", type: "type")
        }
    }
}
