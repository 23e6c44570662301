import Foundation
import KnockCore

/// Open batches and throttle windows as state documents. A batch names its step by ref in the
/// workflow version that opened it, so a reloaded batch closes with the settings it opened with.
extension OpenBatch {
    func stateJSON(identity: BatchIdentity, versionID: String) -> JSON {
        ["identity": identity.json, "version_id": .string(versionID), "opened_at": StateValues.time(openedAt),
         "closes_at": StateValues.time(closesAt), "timer_id": timerID.map(JSON.int) ?? .null,
         "continuing_run_id": StateValues.string(continuingRunID),
         "items": .array(items.map { i in
             ["run_id": .string(i.runID), "activity_id": .string(i.activityID), "actor": StateValues.ref(i.actor), "data": i.data]
         })]
    }

    static func restore(_ doc: JSON, step: BatchStep) throws(StateDecodingError) -> OpenBatch {
        let batch = OpenBatch(step: step, openedAt: try doc.requiredDate("opened_at"), closesAt: try doc.requiredDate("closes_at"))
        batch.timerID = doc["timer_id"]?.intValue
        batch.continuingRunID = doc["continuing_run_id"]?.stringValue
        batch.items = (doc["items"]?.arrayValue ?? []).map { i in
            Item(runID: i["run_id"]?.stringValue ?? "", activityID: i["activity_id"]?.stringValue ?? "",
                 actor: StateValues.ref(i["actor"]), data: i["data"] ?? [:])
        }
        return batch
    }
}

extension ThrottleWindow {
    var stateJSON: JSON { ["ends_at": StateValues.time(endsAt), "count": .int(count)] }

    init(state: JSON) throws(StateDecodingError) {
        self.init(endsAt: try state.requiredDate("ends_at"), count: state["count"]?.intValue ?? 0)
    }
}
