import Foundation
import KnockCore

/// Schedules (semantics §6.2): stored and validated here, with `next_occurrence_at` computed
/// (`ScheduleRecurrence`); the environment's runtime clock fires them (`EngineScheduleSource`),
/// stamping `last_occurrence_at` and moving `next_occurrence_at` on.
///
/// ```swift
/// try engine.createSchedules(env, body: ["workflow": "digest", "recipients": ["u1"],
///                                        "repeats": [["frequency": "daily", "hours": 9]]])
/// ```
extension Engine {
    public func createSchedules(_ env: Environment, body: JSON) throws(EngineError) -> JSON {
        guard case .object(let o) = body else { throw .invalid("body", "must be an object") }
        let workflow = try Validate.requiredString(o["workflow"], "workflow")
        let recipients = try Validate.requiredArray(o["recipients"], "recipients", max: 100)
        if recipients.isEmpty { throw .invalid("recipients", "must not be empty") }
        let fields = try ScheduleRows.fields(o, requireTiming: true)
        let now = self.now(env)
        let created: JSON = try storing {
            try store.write { db throws in
                var out: [JSON] = []
                for (i, r) in recipients.enumerated() {
                    let (key, inline) = try RecipientKey.parse(r, field: "recipients[\(i)]")
                    try ensureRecipient(db, env, key, properties: inline, now: now)
                    out.append(try ScheduleRows.insert(db, self, env, workflow: workflow, recipient: key, fields: fields, now: now))
                }
                return .array(out)
            }
        }
        schedulesChanged(env)
        return created
    }

    public func updateSchedules(_ env: Environment, body: JSON) throws(EngineError) -> JSON {
        guard case .object(let o) = body else { throw .invalid("body", "must be an object") }
        let ids = try Validate.stringArray(o["schedule_ids"], "schedule_ids", max: 100)
        let fields = try ScheduleRows.fields(o, requireTiming: false)
        let now = self.now(env)
        let updated: JSON = try storing {
            try store.write { db throws in
                var out: [JSON] = []
                for id in ids {
                    guard var doc = try ScheduleRows.doc(db, env, id) else { throw EngineError.notFound("schedule", id: id) }
                    for (k, v) in fields.doc { doc[k] = v }
                    if fields.actor != nil { doc["actor"] = fields.actorJSON }
                    let next = try ScheduleRows.nextOccurrence(db, env, id: id, doc: doc, now: now)
                    try db.run("UPDATE schedules SET doc = ?, tenant = ?, next_occurrence_at = ?, updated_at = ? WHERE env = ? AND id = ?",
                               [.text(JSON.object(doc).serialized()), .optionalText(doc["tenant"]?.stringValue),
                                next.map { .int($0.microseconds) } ?? .null,
                                .int(now.microseconds), .int(env.rowID), .text(id)])
                    if let actor = fields.actor { try ensureRecipient(db, env, actor.0, properties: actor.1, now: now) }
                    out.append(try ScheduleRows.find(db, env, id)!)
                }
                return .array(out)
            }
        }
        schedulesChanged(env)
        return updated
    }

    /// The stored schedules among `ids`, in that order (unknown ids left out).
    public func getSchedules(_ env: Environment, ids: [String]) throws(EngineError) -> [JSON] {
        try storing { try store.read { db in try ids.compactMap { id in try ScheduleRows.find(db, env, id) } } }
    }

    public func deleteSchedules(_ env: Environment, body: JSON) throws(EngineError) -> JSON {
        guard case .object(let o) = body else { throw .invalid("body", "must be an object") }
        let ids = try Validate.stringArray(o["schedule_ids"], "schedule_ids", max: 100)
        return try storing {
            try store.write { db throws in
                var out: [JSON] = []
                for id in ids {
                    guard let s = try ScheduleRows.find(db, env, id) else { continue }
                    out.append(s)
                    try db.run("DELETE FROM schedules WHERE env = ? AND id = ?", [.int(env.rowID), .text(id)])
                }
                return .array(out)
            }
        }
    }

    /// Schedules of a workflow (required on Knock), optionally for given recipients and tenant.
    public func listSchedules(_ env: Environment, workflow: String?, recipients: [RecipientKey] = [], tenant: String? = nil, page: PageRequest) throws(EngineError) -> Page<JSON> {
        guard let workflow, !workflow.isEmpty else { throw .invalid("workflow", "is required") }
        var filter = "env = ? AND workflow = ?"
        var args: [SQLValue] = [.int(env.rowID), .text(workflow)]
        SubscriptionRows.addFilter(&filter, &args, recipients, collectionColumn: "recipient_collection", idColumn: "recipient_id")
        if let tenant { filter += " AND tenant = ?"; args.append(.text(tenant)) }
        return try ScheduleRows.page(self, env, filter: filter, args: args, page: page)
    }

    public func listRecipientSchedules(_ env: Environment, _ recipient: RecipientKey, workflow: String? = nil, tenant: String? = nil, page: PageRequest) throws(EngineError) -> Page<JSON> {
        var filter = "env = ? AND recipient_collection = ? AND recipient_id = ?"
        var args: [SQLValue] = [.int(env.rowID), .text(recipient.collection), .text(recipient.id)]
        if let workflow { filter += " AND workflow = ?"; args.append(.text(workflow)) }
        if let tenant { filter += " AND tenant = ?"; args.append(.text(tenant)) }
        return try ScheduleRows.page(self, env, filter: filter, args: args, page: page)
    }
}

enum ScheduleRows {
    static let frequencies: Set = ["daily", "weekly", "monthly", "hourly"]
    static let days: Set = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "weekdays", "weekends"]

    struct Fields {
        var doc: JSONObject = [:]
        var actor: (RecipientKey, JSONObject?)?
        var actorJSON: JSON = .null
    }

    /// Validates the shared schedule fields; only those present are returned (for update).
    static func fields(_ o: JSONObject, requireTiming: Bool) throws(EngineError) -> Fields {
        var f = Fields()
        if let repeats = try Validate.array(o["repeats"], "repeats") {
            var rules: [JSON] = []
            for (i, r) in repeats.enumerated() { rules.append(try rule(r, "repeats[\(i)]")) }
            f.doc["repeats"] = .array(rules)
        } else if o["repeats"] != nil {
            f.doc["repeats"] = .array([])
        }
        for k in ["scheduled_at", "ending_at"] where o[k] != nil {
            f.doc[k] = try Validate.timestamp(o[k], k).map { .string($0.iso8601) } ?? .null
        }
        if requireTiming, (f.doc["repeats"]?.arrayValue ?? []).isEmpty, f.doc["scheduled_at"] == nil || f.doc["scheduled_at"] == .null {
            throw .invalid("repeats", "or scheduled_at is required")
        }
        if o["data"] != nil { f.doc["data"] = .object(try Validate.object(o["data"], "data") ?? [:]) }
        if let t = o["tenant"] {
            switch t {
            case .null: f.doc["tenant"] = .null
            case .string(let s): f.doc["tenant"] = .string(s)
            case .object(let obj):
                guard case .string(let id)? = obj["id"] else { throw .invalid("tenant.id", "is required") }
                f.doc["tenant"] = .string(id)
            default: throw .invalid("tenant", "must be a tenant id or object")
            }
        }
        if let a = o["actor"], !a.isNull {
            let parsed = try RecipientKey.parse(a, field: "actor")
            f.actor = parsed
            f.actorJSON = ["collection": .string(parsed.0.collection), "id": .string(parsed.0.id)]
        }
        return f
    }

    static func rule(_ value: JSON, _ field: String) throws(EngineError) -> JSON {
        guard case .object(let r) = value else { throw .invalid(field, "must be an object") }
        guard case .string(let frequency)? = r["frequency"], frequencies.contains(frequency) else {
            throw .invalid("\(field).frequency", "must be one of daily, weekly, monthly, hourly")
        }
        var out: JSONObject = ["__typename": "ScheduleRepeat", "frequency": .string(frequency)]
        func int(_ key: String, _ range: ClosedRange<Int>) throws(EngineError) -> JSON {
            guard let v = r[key], !v.isNull else { return .null }
            guard let n = v.intValue, range.contains(n) else { throw .invalid("\(field).\(key)", "must be an integer in \(range.lowerBound)...\(range.upperBound)") }
            return .int(n)
        }
        let interval = try int("interval", 1...10_000)
        out["interval"] = interval.isNull ? 1 : interval
        if let d = r["days"], !d.isNull {
            let list = try Validate.stringArray(d, "\(field).days")
            for day in list where !days.contains(day) { throw .invalid("\(field).days", "has an unknown day \"\(day)\"") }
            out["days"] = .array(list.map(JSON.string))
        } else {
            out["days"] = .null
        }
        out["hours"] = try int("hours", 0...23)
        out["minutes"] = try int("minutes", 0...59)
        out["day_of_month"] = try int("day_of_month", 1...31)
        return .object(out)
    }

    /// The next occurrence strictly after `after` (§6.2): a one-off is due at `scheduled_at` once
    /// (never if past `ending_at`); a recurring one follows its `repeats` rules in the recipient's
    /// timezone, from `scheduled_at` on when given.
    static func nextOccurrence(_ doc: JSONObject, after: Timestamp, insertedAt: Timestamp, timeZone: TimeZone) -> Timestamp? {
        let at = doc["scheduled_at"]?.stringValue.flatMap { Timestamp(iso8601: $0) }
        let end = doc["ending_at"]?.stringValue.flatMap { Timestamp(iso8601: $0) }
        let rules = doc["repeats"]?.arrayValue ?? []
        guard !rules.isEmpty else {
            guard let at, end.map({ at <= $0 }) ?? true else { return nil }
            // Fired already at (or after) that instant: nothing more.
            if let last = doc["last_occurrence_at"]?.stringValue.flatMap({ Timestamp(iso8601: $0) }), !(last < at) { return nil }
            return at
        }
        let recurrence = ScheduleRecurrence(rules: rules, anchor: date(at ?? insertedAt), timeZone: timeZone)
        return recurrence.next(after: date(after), notBefore: at.map(date), endingAt: end.map(date)).map(timestamp)
    }

    /// The next occurrence of a stored schedule whose fields changed at `now`.
    static func nextOccurrence(_ db: Database, _ env: Environment, id: String, doc: JSONObject, now: Timestamp) throws(StoreError) -> Timestamp? {
        let row = try db.first("SELECT recipient_collection, recipient_id, inserted_at FROM schedules WHERE env = ? AND id = ?",
                               [.int(env.rowID), .text(id)]) { row -> (RecipientKey, Int64) in (RecipientKey(collection: row.text(0), id: row.text(1)), row.int(2)) }
        guard let (key, insertedAt) = row else { return nil }
        return nextOccurrence(doc, after: now, insertedAt: Timestamp(microseconds: insertedAt), timeZone: try timeZone(db, env, key))
    }

    /// The recipient's timezone for recurring rules, else `env`'s default timezone.
    static func timeZone(_ db: Database, _ env: Environment, _ key: RecipientKey) throws(StoreError) -> TimeZone {
        let doc = key.collection == RecipientKey.usersCollection ? try UserRows.doc(db, env, key.id) : try ObjectRows.doc(db, env, key.collection, key.id)
        return ScheduleRecurrence.timeZone(of: doc, fallback: env.settings.defaultTimeZone)
    }

    static func date(_ t: Timestamp) -> Date { Date(timeIntervalSince1970: Double(t.microseconds) / 1_000_000) }
    static func timestamp(_ d: Date) -> Timestamp { Timestamp(microseconds: Int64((d.timeIntervalSince1970 * 1_000_000).rounded())) }

    static func insert(_ db: Database, _ engine: Engine, _ env: Environment, workflow: String, recipient: RecipientKey, fields: Fields, now: Timestamp) throws(EngineError) -> JSON {
        var doc = fields.doc
        doc["workflow"] = .string(workflow)
        doc["recipient"] = ["collection": .string(recipient.collection), "id": .string(recipient.id)]
        doc["actor"] = fields.actorJSON
        if doc["repeats"] == nil { doc["repeats"] = .array([]) }
        if doc["data"] == nil { doc["data"] = .null }
        if doc["tenant"] == nil { doc["tenant"] = .null }
        doc["last_occurrence_at"] = .null
        let id = Identifiers.uuid()
        if let actor = fields.actor { try engine.ensureRecipient(db, env, actor.0, properties: actor.1, now: now) }
        return try storing {
            try db.run("""
                INSERT INTO schedules(env, id, workflow, recipient_collection, recipient_id, tenant, doc, next_occurrence_at, inserted_at, updated_at)
                VALUES(?,?,?,?,?,?,?,?,?,?)
                """, [.int(env.rowID), .text(id), .text(workflow), .text(recipient.collection), .text(recipient.id),
                      .optionalText(doc["tenant"]?.stringValue), .text(JSON.object(doc).serialized()),
                      nextOccurrence(doc, after: now, insertedAt: now, timeZone: try timeZone(db, env, recipient)).map { .int($0.microseconds) } ?? .null,
                      .int(now.microseconds), .int(now.microseconds)])
            return try find(db, env, id)!
        }
    }

    static func doc(_ db: Database, _ env: Environment, _ id: String) throws(StoreError) -> JSONObject? {
        try db.first("SELECT doc FROM schedules WHERE env = ? AND id = ?", [.int(env.rowID), .text(id)]) { row in
            (try? JSON.parse(row.text(0)))?.objectValue ?? [:]
        }
    }

    static func find(_ db: Database, _ env: Environment, _ id: String) throws(StoreError) -> JSON? {
        let row = try db.first("SELECT doc, next_occurrence_at, inserted_at, updated_at FROM schedules WHERE env = ? AND id = ?", [.int(env.rowID), .text(id)]) { row in
            ((try? JSON.parse(row.text(0)))?.objectValue ?? [:], row.isNull(1) ? nil : row.int(1), row.int(2), row.int(3))
        }
        guard let row else { return nil }
        return try render(db, env, id: id, doc: row.0, next: row.1, insertedAt: row.2, updatedAt: row.3)
    }

    static func render(_ db: Database, _ env: Environment, id: String, doc: JSONObject, next: Int64?, insertedAt: Int64, updatedAt: Int64) throws(StoreError) -> JSON {
        func key(_ v: JSON?) -> RecipientKey? {
            guard case .string(let c)? = v?["collection"], case .string(let i)? = v?["id"] else { return nil }
            return RecipientKey(collection: c, id: i)
        }
        let recipient = key(doc["recipient"]) ?? .user("")
        var actor: JSON = .null
        if let a = key(doc["actor"]) { actor = try SubscriptionRows.recipientRender(db, env, a) }
        return [
            "__typename": "Schedule", "id": .string(id), "workflow": doc["workflow"] ?? "",
            "recipient": try SubscriptionRows.recipientRender(db, env, recipient),
            "actor": actor,
            "tenant": doc["tenant"] ?? .null,
            "data": doc["data"] ?? .null,
            "repeats": doc["repeats"] ?? .array([]),
            "last_occurrence_at": doc["last_occurrence_at"] ?? .null,
            "next_occurrence_at": next.map { .string(Timestamp(microseconds: $0).iso8601) } ?? .null,
            "inserted_at": .string(Timestamp(microseconds: insertedAt).iso8601),
            "updated_at": .string(Timestamp(microseconds: updatedAt).iso8601),
        ]
    }

    static func page(_ engine: Engine, _ env: Environment, filter: String, args: [SQLValue], page: PageRequest) throws(EngineError) -> Page<JSON> {
        try storing {
            try engine.store.read { db in
                let rows = try Keyset(table: "schedules", filter: filter, arguments: args)
                    .page(db, columns: "id, doc, next_occurrence_at, inserted_at, updated_at", request: page) { row in
                        (row.text(1), (try? JSON.parse(row.text(2)))?.objectValue ?? [:], row.isNull(3) ? nil : row.int(3), row.int(4), row.int(5))
                    }
                return try rows.map { r in try render(db, env, id: r.0, doc: r.1, next: r.2, insertedAt: r.3, updatedAt: r.4) }
            }
        }
    }
}
