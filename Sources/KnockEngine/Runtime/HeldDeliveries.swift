import Foundation
import KnockCore

/// Whose message is held for a send window: enough for a cancel to find it without the run,
/// which leaves memory when it finishes (a one-step run finishes while its message still waits).
/// Saved with the delivery in `runtime_state`, so a cancel after a restart finds it too.
struct HeldDelivery: Hashable {
    let runID: String
    let workflowKey: String
    let cancellationKey: String?
    let recipient: RecipientRef

    var stateJSON: JSON {
        ["run_id": .string(runID), "workflow": .string(workflowKey), "cancellation_key": StateValues.string(cancellationKey),
         "recipient": StateValues.ref(recipient)]
    }

    init(runID: String, workflowKey: String, cancellationKey: String?, recipient: RecipientRef) {
        self.runID = runID
        self.workflowKey = workflowKey
        self.cancellationKey = cancellationKey
        self.recipient = recipient
    }

    init?(state j: JSON?) {
        guard let j, let runID = j["run_id"]?.stringValue, let workflow = j["workflow"]?.stringValue,
              let recipient = StateValues.ref(j["recipient"]) else { return nil }
        self.init(runID: runID, workflowKey: workflow, cancellationKey: j["cancellation_key"]?.stringValue, recipient: recipient)
    }
}

/// Held deliveries by (workflow, cancellation key): what a cancel withdraws. Only messages held
/// under a cancellation key are indexed (nothing else can cancel them).
struct HeldDeliveries {
    private var byKey: [String: Set<String>] = [:]

    private static func key(_ workflow: String, _ cancellationKey: String) -> String { "\(workflow)\n\(cancellationKey)" }

    mutating func add(_ messageID: String, _ held: HeldDelivery) {
        guard let c = held.cancellationKey else { return }
        byKey[Self.key(held.workflowKey, c), default: []].insert(messageID)
    }

    mutating func remove(_ messageID: String, _ held: HeldDelivery) {
        guard let c = held.cancellationKey else { return }
        let k = Self.key(held.workflowKey, c)
        byKey[k]?.remove(messageID)
        if byKey[k]?.isEmpty == true { byKey[k] = nil }
    }

    /// The message ids held under `cancellationKey` for `workflow`, oldest first (KSUIDs sort by time).
    func messageIDs(workflow: String, cancellationKey: String) -> [String] {
        (byKey[Self.key(workflow, cancellationKey)] ?? []).sorted()
    }

    var count: Int { byKey.values.reduce(0) { $0 + $1.count } }
}
