import Foundation
import KnockCore

/// The runtime's `ScheduleSource` over the `schedules` table of one environment: the earliest
/// `next_occurrence_at`, and claiming it in one transaction (stamp `last_occurrence_at`, compute
/// the following occurrence from the `repeats` rules), so an occurrence fires once.
///
/// ```swift
/// let source = EngineScheduleSource(engine: engine, environment: env)
/// source.claim(notAfter: clock.now)?.request.recipients   // the schedule's recipient
/// ```
final class EngineScheduleSource: ScheduleSource, @unchecked Sendable {
    let engine: Engine
    let env: Environment

    init(engine: Engine, environment: Environment) {
        self.engine = engine
        self.env = environment
    }

    func nextDue() -> Date? {
        let next = try? engine.store.read { db throws(StoreError) in
            try db.first("SELECT next_occurrence_at FROM schedules WHERE env = ? AND next_occurrence_at IS NOT NULL ORDER BY next_occurrence_at LIMIT 1",
                         [.int(env.rowID)]) { $0.int(0) }
        }
        return next.flatMap { $0 }.map { ScheduleRows.date(Timestamp(microseconds: $0)) }
    }

    func claim(notAfter limit: Date) -> ScheduledOccurrence? {
        let limitMicros = ScheduleRows.timestamp(limit).microseconds
        return try? engine.store.write { db throws(StoreError) -> ScheduledOccurrence? in
            guard let row = try db.first("""
                SELECT id, workflow, recipient_collection, recipient_id, doc, next_occurrence_at, inserted_at FROM schedules
                WHERE env = ? AND next_occurrence_at IS NOT NULL AND next_occurrence_at <= ? ORDER BY next_occurrence_at, seq LIMIT 1
                """, [.int(env.rowID), .int(limitMicros)], { row in
                    (row.text(0), row.text(1), row.text(2), row.text(3), (try? JSON.parse(row.text(4)))?.objectValue ?? [:], row.int(5), row.int(6))
                }) else { return nil }
            let (id, workflow, collection, recipientID, storedDoc, dueMicros, insertedAt) = row
            let due = Timestamp(microseconds: dueMicros)
            let key = RecipientKey(collection: collection, id: recipientID)
            var doc = storedDoc
            doc["last_occurrence_at"] = .string(due.iso8601)
            // The environment as stored now: its default timezone may have changed since this source was made.
            let current = engine.environments.find(id: env.id) ?? env
            let next = ScheduleRows.nextOccurrence(doc, after: due, insertedAt: Timestamp(microseconds: insertedAt),
                                                   timeZone: try ScheduleRows.timeZone(db, current, key))
            try db.run("UPDATE schedules SET doc = ?, next_occurrence_at = ? WHERE env = ? AND id = ?",
                       [.text(JSON.object(doc).serialized()), next.map { .int($0.microseconds) } ?? .null, .int(env.rowID), .text(id)])
            return ScheduledOccurrence(scheduleID: id, workflow: workflow, dueAt: ScheduleRows.date(due),
                                       request: Self.request(doc, recipient: key, scheduleID: id, next: next))
        }.flatMap { $0 }
    }

    func skipMissed(before limit: Date) -> Int {
        let limitMicros = ScheduleRows.timestamp(limit).microseconds
        return (try? engine.store.write { db throws(StoreError) -> Int in
            let due = try db.query("""
                SELECT id, recipient_collection, recipient_id, doc, inserted_at FROM schedules
                WHERE env = ? AND next_occurrence_at IS NOT NULL AND next_occurrence_at < ?
                """, [.int(env.rowID), .int(limitMicros)]) { row in
                    (row.text(0), RecipientKey(collection: row.text(1), id: row.text(2)), (try? JSON.parse(row.text(3)))?.objectValue ?? [:], row.int(4))
                }
            for (id, key, doc, insertedAt) in due {
                var next = ScheduleRows.nextOccurrence(doc, after: Timestamp(microseconds: limitMicros), insertedAt: Timestamp(microseconds: insertedAt),
                                                       timeZone: try ScheduleRows.timeZone(db, env, key))
                // A one-off names its own (missed) instant whatever `after` says.
                if let n = next, n.microseconds < limitMicros { next = nil }
                try db.run("UPDATE schedules SET next_occurrence_at = ? WHERE env = ? AND id = ?",
                           [next.map { .int($0.microseconds) } ?? .null, .int(env.rowID), .text(id)])
            }
            return due.count
        }) ?? 0
    }

    /// The trigger for one occurrence: the stored recipient, actor, tenant and data (empty by default).
    static func request(_ doc: JSONObject, recipient: RecipientKey, scheduleID: String, next: Timestamp?) -> TriggerRequest {
        func ref(_ key: RecipientKey) -> RecipientRef {
            RecipientRef(collection: key.collection == RecipientKey.usersCollection ? nil : key.collection, id: key.id)
        }
        var actor: TriggerRequest.Entry?
        if case .string(let c)? = doc["actor"]?["collection"], case .string(let i)? = doc["actor"]?["id"] {
            actor = TriggerRequest.Entry(ref: ref(RecipientKey(collection: c, id: i)), inline: nil, triggerData: nil)
        }
        var request = TriggerRequest(recipients: [TriggerRequest.Entry(ref: ref(recipient), inline: nil, triggerData: nil)], actor: actor,
                                     tenantID: doc["tenant"]?.stringValue, data: doc["data"]?.objectValue.map(JSON.object) ?? [:])
        request.schedule = ["id": .string(scheduleID), "last_occurrence_at": doc["last_occurrence_at"] ?? .null,
                            "next_occurrence_at": next.map { .string($0.iso8601) } ?? .null]
        return request
    }
}

extension Engine {
    /// Tells the environment's runtime its schedules changed, so a running (unfrozen) clock
    /// wakes up for the new earliest occurrence.
    func schedulesChanged(_ env: Environment) { runtime(env).schedulesChanged() }

    /// Starts the runtimes of environments with pending schedules or saved runtime state (a
    /// `--db` file reopened): starting one reloads its state (`restoreState`), so paused runs,
    /// batch windows and schedule occurrences fire on wall time without waiting for a request.
    func resumeRuntimes() {
        for env in environments.all {
            let pending = try? store.read { db throws(StoreError) in
                try db.first("""
                    SELECT 1 WHERE EXISTS(SELECT 1 FROM schedules WHERE env = ?1 AND next_occurrence_at IS NOT NULL)
                        OR EXISTS(SELECT 1 FROM runtime_state WHERE env = ?1)
                    """, [.int(env.rowID)]) { _ in true }
            }
            if pending.flatMap({ $0 }) == true { schedulesChanged(env) }
        }
    }
}
