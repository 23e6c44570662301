import Foundation
import KnockCore

/// Channel data per recipient and channel (semantics §3.5): PUT replaces, GET 404s when unset.
/// The data shape is checked against the channel's provider when the channel is known
/// (`engine.channels`), otherwise against the shape it looks like; push data is stored in the
/// full form (both `tokens` and `devices`).
///
/// ```swift
/// engine.channelProviders.register(channelID: fcmUUID, provider: "push_fcm")
/// try engine.setChannelData(env, .user("u1"), channelID: fcmUUID, body: ["data": ["tokens": ["t1"]]])
/// // {"__typename":"ChannelData","channel_id":"<uuid>","provider":"push_fcm","data":{"tokens":["t1"],"devices":[{"token":"t1"}]}}
/// ```
extension Engine {
    public func getChannelData(_ env: Environment, _ recipient: RecipientKey, channelID: String) throws(EngineError) -> JSON {
        try Validate.uuid(channelID, "channel_id")
        let found = try storing { try store.read { db in try ChannelDataRows.find(db, self, env, recipient, channelID) } }
        guard let found else { throw .notFound("channel data", id: channelID) }
        return found
    }

    /// Replaces the channel's data; creates the user or object when missing.
    public func setChannelData(_ env: Environment, _ recipient: RecipientKey, channelID: String, body: JSON) throws(EngineError) -> JSON {
        guard case .object(let o) = body else { throw .invalid("body", "must be an object") }
        let data = try Validate.requiredObject(o["data"], "data")
        let now = self.now(env)
        return try storing {
            try store.write { db throws in
                try ensureRecipient(db, env, recipient, properties: nil, now: now)
                return try ChannelDataRows.set(db, self, env, recipient, channelID, data, now: now)
            }
        }
    }

    public func unsetChannelData(_ env: Environment, _ recipient: RecipientKey, channelID: String) throws(EngineError) {
        try Validate.uuid(channelID, "channel_id")
        let n = try storing {
            try store.write { db in
                try db.run("DELETE FROM channel_data WHERE env = ? AND collection = ? AND recipient_id = ? AND channel_id = ?",
                           [.int(env.rowID), .text(recipient.collection), .text(recipient.id), .text(channelID)])
            }
        }
        if n == 0 { throw .notFound("channel data", id: channelID) }
    }

    /// Every channel's data for a recipient, keyed by channel id (the runtime reads this for push/chat steps).
    public func allChannelData(_ env: Environment, _ recipient: RecipientKey) throws(EngineError) -> JSONObject {
        try storing {
            try store.read { db in
                let rows = try db.query("SELECT channel_id, data FROM channel_data WHERE env = ? AND collection = ? AND recipient_id = ?",
                                        [.int(env.rowID), .text(recipient.collection), .text(recipient.id)]) { row in
                    (row.text(0), (try? JSON.parse(row.text(1))) ?? .null)
                }
                return JSONObject(rows, uniquingKeysWith: { $1 })
            }
        }
    }
}

/// Which provider a channel id uses. Filled by the workflow runtime from its channel config; the
/// recipient endpoints only read it.
///
/// ```swift
/// engine.channelProviders.register(channelID: "slack-main", provider: "chat_slack")
/// engine.channelProviders.provider(for: "slack-main")  // "chat_slack"
/// ```
public final class ChannelProviderDirectory: @unchecked Sendable {
    private let lock = NSLock()
    private var providers: [String: String] = [:]

    public init() {}

    public func register(channelID: String, provider: String) {
        lock.lock(); defer { lock.unlock() }
        providers[channelID] = provider
    }

    public func provider(for channelID: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        return providers[channelID]
    }
}

enum ChannelDataRows {
    static func find(_ db: Database, _ engine: Engine, _ env: Environment, _ r: RecipientKey, _ channelID: String) throws(StoreError) -> JSON? {
        try db.first("SELECT data FROM channel_data WHERE env = ? AND collection = ? AND recipient_id = ? AND channel_id = ?",
                     [.int(env.rowID), .text(r.collection), .text(r.id), .text(channelID)]) { row in
            render(engine, channelID, (try? JSON.parse(row.text(0))) ?? [:])
        }
    }

    static func render(_ engine: Engine, _ channelID: String, _ data: JSON) -> JSON {
        var o: JSONObject = ["__typename": "ChannelData", "channel_id": .string(channelID)]
        let provider = engine.channelProviders.provider(for: channelID) ?? ChannelDataShape.inferProvider(data.objectValue ?? [:])
        if let provider { o["provider"] = .string(provider) }
        o["data"] = data
        return .object(o)
    }

    static func set(_ db: Database, _ engine: Engine, _ env: Environment, _ r: RecipientKey, _ channelID: String, _ data: JSONObject, now: Timestamp, field: String = "data") throws(EngineError) -> JSON {
        try Validate.uuid(channelID, field == "data" ? "channel_id" : field)
        let normalized = try ChannelDataShape.normalize(data, provider: engine.channelProviders.provider(for: channelID), field: field)
        try storing {
            try db.run("""
                INSERT INTO channel_data(env, collection, recipient_id, channel_id, data, updated_at) VALUES(?,?,?,?,?,?)
                ON CONFLICT(env, collection, recipient_id, channel_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
                """, [.int(env.rowID), .text(r.collection), .text(r.id), .text(channelID), .text(JSON.object(normalized).serialized()), .int(now.microseconds)])
        }
        return render(engine, channelID, .object(normalized))
    }

    /// `channel_data: {"<channel id>": {...}}` inside identify / set object.
    static func setInline(_ db: Database, _ engine: Engine, _ env: Environment, _ r: RecipientKey, _ all: JSONObject, now: Timestamp) throws(EngineError) {
        for (channelID, value) in all {
            guard case .object(var data) = value else { throw .invalid("channel_data.\(channelID)", "must be an object") }
            // Inline data may come wrapped as {data: {...}} (ChannelDataRequest) or bare.
            if data.count == 1, case .object(let inner)? = data["data"] { data = inner }
            _ = try set(db, engine, env, r, channelID, data, now: now, field: "channel_data.\(channelID)")
        }
    }
}

/// The accepted channel-data shapes per provider, and their stored form.
enum ChannelDataShape {
    static let pushProviders: Set = ["push_fcm", "push_apns", "push_expo"]

    static func inferProvider(_ data: JSONObject) -> String? {
        if data["target_arns"] != nil || (data["devices"]?.arrayValue?.first?["target_arn"] != nil) { return "push_aws_sns" }
        if data["player_ids"] != nil { return "push_one_signal" }
        return nil
    }

    static func normalize(_ data: JSONObject, provider: String?, field: String) throws(EngineError) -> JSONObject {
        let kind: String
        if let provider {
            kind = provider
        } else if data["tokens"] != nil || data["devices"]?.arrayValue?.first?["token"] != nil {
            kind = "push_fcm"
        } else if data["target_arns"] != nil || data["devices"] != nil {
            kind = "push_aws_sns"
        } else if data["player_ids"] != nil {
            kind = "push_one_signal"
        } else if data["connections"] != nil {
            kind = "chat"
        } else {
            throw .invalid(field, "must be channel data for a known provider (tokens, devices, target_arns, player_ids or connections)")
        }
        switch kind {
        case _ where pushProviders.contains(kind): return try push(data, tokenKey: "tokens", deviceKey: "token", field: field)
        case "push_aws_sns": return try push(data, tokenKey: "target_arns", deviceKey: "target_arn", field: field)
        case "push_one_signal":
            let ids = try Validate.stringArray(data["player_ids"], "\(field).player_ids")
            return ["player_ids": .array(ids.map(JSON.string))]
        case "chat_slack", "chat_ms_teams", "chat_discord", "chat":
            let connections = try Validate.requiredArray(data["connections"], "\(field).connections")
            for (i, c) in connections.enumerated() {
                guard case .object(let conn) = c else { throw .invalid("\(field).connections[\(i)]", "must be an object") }
                for (k, v) in conn where k != "incoming_webhook" {
                    guard v.isNull || v.stringValue != nil else { throw .invalid("\(field).connections[\(i)].\(k)", "must be a string") }
                }
                if let hook = conn["incoming_webhook"] {
                    guard case .string? = hook["url"] else { throw .invalid("\(field).connections[\(i)].incoming_webhook.url", "is required") }
                }
            }
            if kind == "chat_slack", let token = data["token"], !token.isNull {
                guard token["access_token"]?.stringValue != nil || token["access_token"]?.isNull == true else {
                    throw .invalid("\(field).token.access_token", "must be a string")
                }
            }
            var out: JSONObject = ["connections": .array(connections)]
            for (k, v) in data where k != "connections" { out[k] = v }
            return out
        case "http_knock_webhook":
            return data
        default:
            return data
        }
    }

    /// Push data in either form; stored with both, derived from whichever was given.
    static func push(_ data: JSONObject, tokenKey: String, deviceKey: String, field: String) throws(EngineError) -> JSONObject {
        if data[tokenKey] == nil, data["devices"] == nil {
            throw .invalid("\(field).\(tokenKey)", "is required (or devices)")
        }
        var tokens: [String] = []
        var devices: [JSON] = []
        if let t = data[tokenKey], !t.isNull {
            tokens = try Validate.stringArray(t, "\(field).\(tokenKey)")
        }
        if let d = data["devices"], !d.isNull {
            for (i, device) in try Validate.requiredArray(d, "\(field).devices").enumerated() {
                guard case .object(let o) = device, case .string(let token)? = o[deviceKey], !token.isEmpty else {
                    throw .invalid("\(field).devices[\(i)].\(deviceKey)", "is required")
                }
                for k in ["locale", "timezone"] { _ = try Validate.string(o[k], "\(field).devices[\(i)].\(k)") }
                devices.append(device)
                if !tokens.contains(token) { tokens.append(token) }
            }
        }
        let known = Set(devices.compactMap { $0[deviceKey]?.stringValue })
        for t in tokens where !known.contains(t) { devices.append(.object([deviceKey: .string(t)])) }
        return [tokenKey: .array(tokens.map(JSON.string)), "devices": .array(devices)]
    }
}
