import KnockCore

/// Static audiences (semantics §6.4): members are users, once per distinct tenant. Adding to an
/// audience that does not exist needs `create_audience=true`, as on Knock.
///
/// ```swift
/// try engine.addAudienceMembers(env, key: "beta", body: ["members": [["user": ["id": "u1"]]]], createAudience: true)
/// try engine.listAudienceMembers(env, key: "beta", page: PageRequest())
/// ```
extension Engine {
    public func addAudienceMembers(_ env: Environment, key: String, body: JSON, createAudience: Bool) throws(EngineError) {
        let members = try AudienceRows.members(body)
        let now = self.now(env)
        try storing {
            try store.write { db throws in
                let exists = try db.first("SELECT 1 FROM audiences WHERE env = ? AND key = ?", [.int(env.rowID), .text(key)]) { _ in true } ?? false
                if !exists {
                    guard createAudience else {
                        throw EngineError(.notFound, code: "resource_missing", message: "The audience \"\(key)\" was not found; pass create_audience=true to create it.")
                    }
                    try db.run("INSERT INTO audiences(env, key, inserted_at) VALUES(?,?,?)", [.int(env.rowID), .text(key), .int(now.microseconds)])
                }
                for m in members {
                    try ensureRecipient(db, env, .user(m.userID), properties: m.inline, now: now)
                    try db.run("INSERT OR IGNORE INTO audience_members(env, audience_key, user_id, tenant, added_at) VALUES(?,?,?,?,?)",
                               [.int(env.rowID), .text(key), .text(m.userID), .text(m.tenant ?? ""), .int(now.microseconds)])
                }
            }
        }
    }

    public func removeAudienceMembers(_ env: Environment, key: String, body: JSON) throws(EngineError) {
        let members = try AudienceRows.members(body)
        try storing {
            try store.write { db in
                for m in members {
                    try db.run("DELETE FROM audience_members WHERE env = ? AND audience_key = ? AND user_id = ? AND tenant = ?",
                               [.int(env.rowID), .text(key), .text(m.userID), .text(m.tenant ?? "")])
                }
            }
        }
    }

    public func listAudienceMembers(_ env: Environment, key: String, page: PageRequest) throws(EngineError) -> Page<JSON> {
        try storing {
            try store.read { db in
                let rows = try Keyset(table: "audience_members", filter: "env = ? AND audience_key = ?", arguments: [.int(env.rowID), .text(key)])
                    .page(db, columns: "user_id, tenant, added_at", request: page) { row in (row.text(1), row.text(2), row.int(3)) }
                return try rows.map { (userID, tenant, added) in
                    [
                        "__typename": "AudienceMember", "user_id": .string(userID),
                        "user": try SubscriptionRows.recipientRender(db, env, .user(userID)),
                        "tenant": tenant.isEmpty ? .null : .string(tenant),
                        "added_at": .string(Timestamp(microseconds: added).iso8601),
                    ] as JSON
                }
            }
        }
    }
}

enum AudienceRows {
    struct Member { let userID: String; let tenant: String?; let inline: JSONObject? }

    static func members(_ body: JSON) throws(EngineError) -> [Member] {
        guard case .object(let o) = body else { throw .invalid("body", "must be an object") }
        let list = try Validate.requiredArray(o["members"], "members", max: 1000)
        var out: [Member] = []
        for (i, m) in list.enumerated() {
            guard case .object(let member) = m else { throw .invalid("members[\(i)]", "must be an object") }
            guard case .object(var user)? = member["user"] else { throw .invalid("members[\(i)].user", "is required") }
            guard case .string(let id)? = user.removeValue(forKey: "id") else { throw .invalid("members[\(i)].user.id", "is required") }
            try Validate.identifier(id, "members[\(i)].user.id")
            out.append(Member(userID: id, tenant: try Validate.string(member["tenant"], "members[\(i)].tenant"), inline: user.isEmpty ? nil : user))
        }
        return out
    }
}
