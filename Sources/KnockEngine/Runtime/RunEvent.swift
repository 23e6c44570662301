import Foundation
import KnockCore

/// One `WorkflowRecipientRunEvent` of a run's log, kept as its fields and written to text
/// directly: every run logs at least three (started, a step's outcome, completed), and building
/// each as an ordered dictionary, then walking it to save the run, was ~10 % of a one-step
/// trigger's runtime CPU.
///
/// ```swift
/// RunEvent("message_enqueued", step: step, data: ["message_id": "2bA…"], at: now).json
/// // {"__typename": "WorkflowRecipientRunEvent", "id": …, "event": "message_enqueued", "status": "ok",
/// //  "step_ref": "in_app_feed_1", "step_type": "channel", "attempt": 1, "data": {…}, "inserted_at": …}
/// ```
struct RunEvent: Sendable, Equatable {
    let id: String
    let event: String
    let ok: Bool
    let stepRef: String?
    let stepType: String?
    let data: JSON
    /// `inserted_at` as written (`ProviderTimestamp`), so a restored event reads back unchanged.
    let insertedAt: String

    init(_ event: String, step: Step? = nil, ok: Bool = true, data: JSON? = nil, at now: Date) {
        id = KSUID.make(at: now)
        self.event = event
        self.ok = ok
        stepRef = step?.ref
        stepType = step?.type
        self.data = data ?? .null
        insertedAt = ProviderTimestamp.string(now)
    }

    /// An event read back from a saved run; nil when it lacks its id, name or time.
    init?(json: JSON) {
        guard let id = json["id"]?.stringValue, let event = json["event"]?.stringValue,
              let insertedAt = json["inserted_at"]?.stringValue else { return nil }
        self.id = id
        self.event = event
        ok = json["status"]?.stringValue != "error"
        stepRef = json["step_ref"]?.stringValue
        stepType = json["step_type"]?.stringValue
        data = json["data"] ?? .null
        self.insertedAt = insertedAt
    }

    var json: JSON {
        ["__typename": "WorkflowRecipientRunEvent", "id": .string(id), "event": .string(event), "status": ok ? "ok" : "error",
         "step_ref": stepRef.map(JSON.string) ?? .null, "step_type": stepType.map(JSON.string) ?? .null, "attempt": 1,
         "data": data, "inserted_at": .string(insertedAt)]
    }

    /// Writes the fields of `json`, in its order.
    func write(into w: inout JSONObjectWriter) {
        w.string("__typename", "WorkflowRecipientRunEvent")
        w.string("id", id)
        w.string("event", event)
        w.string("status", ok ? "ok" : "error")
        w.string("step_ref", stepRef)
        w.string("step_type", stepType)
        w.int("attempt", 1)
        w.json("data", data)
        w.string("inserted_at", insertedAt)
    }
}
