import Foundation
import KnockCore

/// The environment's default timezone: Knock's account default timezone (semantics §1.4, §1.5,
/// §6.2), which send windows, window rules and recurring schedules use for a recipient without a
/// valid `timezone` of its own. Kept in the settings as `timezone` (a tz database name); unset
/// means `Etc/UTC`.
///
/// ```swift
/// try engine.setDefaultTimeZone(environmentID: env.id, "America/New_York")
/// engine.environments.find(id: env.id)?.settings.defaultTimeZone   // America/New_York
/// ```
extension EnvironmentSettings {
    /// The tz database name, or nil for UTC.
    public var timezone: String? {
        get { extra["timezone"]?.stringValue }
        set { extra["timezone"] = newValue.map(JSON.string) }
    }

    /// The zone for recipients without one of their own.
    public var defaultTimeZone: TimeZone { timezone.flatMap(TimeZone.init(identifier:)) ?? .knockDefault }

    /// A `timezone` value as the admin API takes it: a known tz database name, or null (UTC).
    public static func timezone(_ value: JSON?) throws(EngineError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)? where TimeZone(identifier: s) != nil: return s
        default: throw .invalid("timezone", "must be a tz database time zone name such as \"America/New_York\", or null")
        }
    }
}

extension TimeZone {
    /// `Etc/UTC`: Knock's last fallback when neither the recipient nor the account names a zone.
    static let knockDefault = TimeZone(identifier: "UTC")!

    /// The zone a recipient's or device's `timezone` value names, nil when it names none.
    static func named(_ value: JSON?) -> TimeZone? { value?.stringValue.flatMap(TimeZone.init(identifier:)) }
}

extension Engine {
    /// Sets (a tz database name) or clears (null) an environment's default timezone. Recurring
    /// schedules of recipients without a timezone follow it from their next occurrence on.
    @discardableResult
    public func setDefaultTimeZone(environmentID: String, _ value: JSON?) throws(EngineError) -> Environment {
        let name = try EnvironmentSettings.timezone(value)
        let env = try environments.update(id: environmentID) { $0.timezone = name }
        try rescheduleRecurring(env)
        return env
    }

    /// Recomputes `next_occurrence_at` of the environment's recurring schedules from now on.
    func rescheduleRecurring(_ env: Environment) throws(EngineError) {
        let now = self.now(env)
        let changed = try storing { try store.write { db throws in try ScheduleRows.rescheduleRecurring(db, env, now: now) } }
        if changed > 0 { schedulesChanged(env) }
    }
}

extension ScheduleRows {
    /// Recomputes `next_occurrence_at` of recurring schedules from `now`, in each recipient's
    /// zone as stored now: all of `env`'s, or only `recipient`'s (its timezone changed).
    /// Answers how many it recomputed.
    @discardableResult
    static func rescheduleRecurring(_ db: Database, _ env: Environment, recipient: RecipientKey? = nil, now: Timestamp) throws(StoreError) -> Int {
        var sql = "SELECT id, doc FROM schedules WHERE env = ? AND next_occurrence_at IS NOT NULL"
        var arguments: [SQLValue] = [.int(env.rowID)]
        if let recipient {
            sql += " AND recipient_collection = ? AND recipient_id = ?"
            arguments += [.text(recipient.collection), .text(recipient.id)]
        }
        let rows = try db.query(sql, arguments) { row in (row.text(0), (try? JSON.parse(row.text(1)))?.objectValue ?? [:]) }
        let recurring = rows.filter { !($0.1["repeats"]?.arrayValue ?? []).isEmpty }
        for (id, doc) in recurring {
            let next = try nextOccurrence(db, env, id: id, doc: doc, now: now)
            try db.run("UPDATE schedules SET next_occurrence_at = ? WHERE env = ? AND id = ?",
                       [next.map { .int($0.microseconds) } ?? .null, .int(env.rowID), .text(id)])
        }
        return recurring.count
    }
}
