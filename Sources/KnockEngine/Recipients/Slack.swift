import KnockCore

/// Slack provider endpoints (semantics §6.5), answered deterministically from the access token
/// kept in the referenced object's Slack channel data: no network. A token containing "invalid"
/// or "revoked" fails `auth_check`; channels are derived from the token, so tests can rely on them.
///
/// ```swift
/// let ref = RecipientKey(collection: "$tenants", id: "acme")
/// try engine.slackAuthCheck(env, channelID: "slack-1", tokenObject: ref)   // {"connection":{"ok":true}}
/// ```
extension Engine {
    public func slackAuthCheck(_ env: Environment, channelID: String, tokenObject: RecipientKey) throws(EngineError) -> JSON {
        let token = try slackToken(env, channelID: channelID, tokenObject: tokenObject)
        if let token, !SlackSimulator.isRejected(token) { return ["connection": ["ok": true]] }
        return ["connection": ["ok": false, "reason": .string(token == nil ? "no_access_token" : "invalid_auth")]]
    }

    /// A page of the workspace's channels: `{slack_channels: [...], next_cursor}`.
    public func slackChannels(_ env: Environment, channelID: String, tokenObject: RecipientKey, cursor: String?, limit: Int, types: [String], excludeArchived: Bool, teamID: String?) throws(EngineError) -> JSON {
        guard let token = try slackToken(env, channelID: channelID, tokenObject: tokenObject), !SlackSimulator.isRejected(token) else {
            throw EngineError(.forbidden, code: "slack_auth_error", message: "The Slack access token is missing or invalid.")
        }
        var all = SlackSimulator.channels(token: token, teamID: teamID)
        all = all.filter { ch in types.contains(ch["is_private"] == true ? "private_channel" : "public_channel") }
        if excludeArchived { all = all.filter { $0["is_archived"] != true } }
        let start = cursor.flatMap(Int.init) ?? 0
        let page = Array(all.dropFirst(start).prefix(limit))
        let next = start + page.count < all.count ? String(start + page.count) : ""
        let entries: [JSON] = page.map { ch in
            var o = ch.objectValue ?? [:]
            o.removeValue(forKey: "is_archived")
            return .object(o)
        }
        return ["slack_channels": .array(entries), "next_cursor": next.isEmpty ? .null : .string(next)]
    }

    /// Forgets the stored token (the connection's `access_token` and `token`).
    public func slackRevokeAccess(_ env: Environment, channelID: String, tokenObject: RecipientKey) throws(EngineError) -> JSON {
        guard try slackToken(env, channelID: channelID, tokenObject: tokenObject) != nil else {
            throw EngineError(.forbidden, code: "slack_auth_error", message: "No Slack access token is stored for this object.")
        }
        let now = self.now(env)
        try storing {
            try store.write { db throws in
                guard let row = try db.first("SELECT data FROM channel_data WHERE env = ? AND collection = ? AND recipient_id = ? AND channel_id = ?",
                                             [.int(env.rowID), .text(tokenObject.collection), .text(tokenObject.id), .text(channelID)], { $0.text(0) }),
                      case .object(var data)? = try? JSON.parse(row) else { return }
                data["token"] = .null
                if case .array(let conns)? = data["connections"] {
                    data["connections"] = .array(conns.map { c in
                        guard case .object(var o) = c else { return c }
                        o.removeValue(forKey: "access_token")
                        return .object(o)
                    })
                }
                try db.run("UPDATE channel_data SET data = ?, updated_at = ? WHERE env = ? AND collection = ? AND recipient_id = ? AND channel_id = ?",
                           [.text(JSON.object(data).serialized()), .int(now.microseconds), .int(env.rowID), .text(tokenObject.collection), .text(tokenObject.id), .text(channelID)])
            }
        }
        return ["ok": "ok"]
    }

    /// The token: `token.access_token`, else the first connection's `access_token`.
    func slackToken(_ env: Environment, channelID: String, tokenObject: RecipientKey) throws(EngineError) -> String? {
        let data = try storing {
            try store.read { db in
                try db.first("SELECT data FROM channel_data WHERE env = ? AND collection = ? AND recipient_id = ? AND channel_id = ?",
                             [.int(env.rowID), .text(tokenObject.collection), .text(tokenObject.id), .text(channelID)]) { (try? JSON.parse($0.text(0))) ?? .null }
            }
        }
        guard let data else { return nil }
        if case .string(let t)? = data["token"]?["access_token"], !t.isEmpty { return t }
        for c in data["connections"]?.arrayValue ?? [] {
            if case .string(let t)? = c["access_token"], !t.isEmpty { return t }
        }
        return nil
    }
}

/// Deterministic stand-ins for Slack's answers.
enum SlackSimulator {
    static func isRejected(_ token: String) -> Bool { token.contains("invalid") || token.contains("revoked") }

    /// 12 channels named from the token's hash: the same token always lists the same channels.
    static func channels(token: String, teamID: String?) -> [JSON] {
        var h: UInt64 = 1469598103934665603
        for b in token.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        let team = teamID ?? "T" + String(h % 1_000_000_000, radix: 36).uppercased()
        let names = ["general", "random", "engineering", "alerts", "support", "design", "sales", "ops", "announcements", "release", "incidents", "dm"]
        return names.enumerated().map { i, name in
            [
                "id": .string("C" + String((h &+ UInt64(i) &* 7919) % 100_000_000, radix: 36).uppercased() + String(i)),
                "name": .string(name),
                "is_private": .bool(i % 4 == 3),
                "is_im": .bool(name == "dm"),
                "context_team_id": .string(team),
                "is_archived": .bool(name == "release"),
            ]
        }
    }
}
