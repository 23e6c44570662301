import KnockCore

/// Expands a trigger's recipients into the recipients that get a run (§2.2): objects get a run
/// of their own plus one per subscriber (subscribers that are objects fan out once more, depth
/// 2), the actor is left out of subscription-derived recipients, and every recipient appears once.
///
/// ```swift
/// let targets = FanOut(directory: d).expand([.user("u1"), project], actor: .user("u1"))
/// // u1, project, then project's subscribers except u1
/// ```
public struct FanOut {
    /// One recipient run to start; `subscription` is `recipient.subscription` for subscriber runs.
    public struct Target: Sendable, Hashable {
        public var ref: RecipientRef
        public var subscription: JSON?
        public var triggerData: JSONObject?
    }

    public static let maxDepth = 2
    let directory: RecipientDirectory

    public init(directory: RecipientDirectory) { self.directory = directory }

    public func expand(_ entries: [TriggerRequest.Entry], actor: RecipientRef?) -> [Target] {
        var seen = Set<RecipientRef>()
        var out: [Target] = []
        // Explicit recipients first, so one listed explicitly keeps its own trigger data and is never
        // dropped as "the actor" by a later subscription.
        for e in entries where seen.insert(e.ref).inserted {
            out.append(Target(ref: e.ref, subscription: nil, triggerData: e.triggerData))
        }
        for e in entries where !e.ref.isUser {
            subscribers(of: e.ref, depth: 1, actor: actor, seen: &seen, into: &out)
        }
        return out
    }

    private func subscribers(of object: RecipientRef, depth: Int, actor: RecipientRef?, seen: inout Set<RecipientRef>, into out: inout [Target]) {
        guard depth <= Self.maxDepth else { return }
        let objectJSON = directory.recipient(object) ?? ["id": .string(object.id), "collection": object.collection.map(JSON.string) ?? .null]
        for (ref, properties) in directory.subscribers(of: object) {
            if ref == actor { continue }
            guard seen.insert(ref).inserted else { continue }
            var subscription = properties.objectValue ?? [:]
            subscription["object"] = WorkflowRuntime.flattened(objectJSON)
            out.append(Target(ref: ref, subscription: .object(subscription), triggerData: nil))
            if !ref.isUser { subscribers(of: ref, depth: depth + 1, actor: actor, seen: &seen, into: &out) }
        }
    }
}
