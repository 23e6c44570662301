import Foundation
import KnockCore

/// A live run as a state document: everything `RecipientRun` holds except the workflow
/// definition, which is named by key and version id (stored once per version, `workflow_version`).
/// The cursor is stored as frame positions: frame 0 runs the workflow's steps, each later frame
/// the branch (by index) of the branch step its parent frame just ran.
extension RecipientRun {
    var stateJSON: JSON {
        var o: JSONObject = [
            "id": .string(id), "workflow_run_id": .string(workflowRunID), "workflow": .string(workflow.key),
            "version_id": .string(versionID), "recipient": recipient.reference, "subscription": subscription ?? .null,
            "schedule": schedule ?? .null, "actor": StateValues.ref(actor), "tenant": StateValues.string(tenant), "data": data,
            "status": .string(status.rawValue), "error_count": .int(errorCount), "trigger_source": .object(triggerSource),
            "cancellation_key": StateValues.string(cancellationKey), "sandbox": .bool(sandbox), "skip_delay": .bool(skipDelay),
            "inserted_at": StateValues.time(insertedAt), "updated_at": StateValues.time(updatedAt), "events": .array(events.map(\.json)),
        ]
        o["cursor"] = cursor.stateJSON
        var refsJSON = JSONObject()
        for (ref, outcome) in refs.sorted(by: { $0.key < $1.key }) {
            switch outcome {
            case .skipped: refsJSON[ref] = "skipped"
            case .messages(let ids): refsJSON[ref] = .array(ids.map(JSON.string))
            }
        }
        o["refs"] = .object(refsJSON)
        o["batch"] = batch.map { b in
            ["total_activities": .int(b.totalActivities), "activities": .array(b.activities), "actors": .array(b.actors),
             "total_actors": .int(b.totalActors)]
        } ?? .null
        o["activity_ids"] = .array(activityIDs.map(JSON.string))
        o["actors"] = .array(actors.map(\.reference))
        o["fetch_attempts"] = .int(fetchAttempts)
        o["batched_into"] = batchedInto?.json ?? .null
        return .object(o)
    }

    /// Rebuilds a run from its document over `workflow` (the version it was pinned to).
    static func restore(_ doc: JSON, workflow: WorkflowDefinition) throws(StateDecodingError) -> RecipientRun {
        guard let recipient = StateValues.ref(doc["recipient"]) else { throw StateDecodingError("missing recipient") }
        let run = RecipientRun(
            id: try doc.requiredString("id"), workflowRunID: try doc.requiredString("workflow_run_id"), workflow: workflow,
            versionID: try doc.requiredString("version_id"), recipient: recipient, subscription: doc["subscription"].flatMap { $0.isNull ? nil : $0 },
            actor: StateValues.ref(doc["actor"]), tenant: doc["tenant"]?.stringValue, data: doc["data"] ?? [:],
            triggerSource: doc["trigger_source"]?.objectValue ?? [:], cancellationKey: doc["cancellation_key"]?.stringValue,
            sandbox: doc["sandbox"]?.boolValue ?? false, skipDelay: doc["skip_delay"]?.boolValue ?? false, now: try doc.requiredDate("inserted_at"))
        run.schedule = doc["schedule"].flatMap { $0.isNull ? nil : $0 }
        run.status = doc["status"]?.stringValue.flatMap(RecipientRunStatus.init(rawValue:)) ?? .paused
        run.errorCount = doc["error_count"]?.intValue ?? 0
        run.updatedAt = StateValues.date(doc["updated_at"]) ?? run.insertedAt
        run.events = (doc["events"]?.arrayValue ?? []).compactMap(RunEvent.init(json:))
        run.cursor = try RunCursor(state: try doc.required("cursor"), steps: workflow.steps)
        for (ref, value) in doc["refs"]?.objectValue ?? [:] {
            run.refs[ref] = value.arrayValue.map { .messages($0.compactMap(\.stringValue)) } ?? .skipped
        }
        if case .object(let b)? = doc["batch"] {
            run.batch = KnockTemplateContext.Batch(totalActivities: b["total_activities"]?.intValue ?? 0,
                                                   activities: b["activities"]?.arrayValue ?? [], actors: b["actors"]?.arrayValue ?? [],
                                                   totalActors: b["total_actors"]?.intValue ?? 0)
        }
        run.activityIDs = StateValues.strings(doc["activity_ids"])
        run.actors = doc["actors"]?.arrayValue?.compactMap { RecipientRef(reference: $0) } ?? []
        run.fetchAttempts = doc["fetch_attempts"]?.intValue ?? 0
        if let b = doc["batched_into"], !b.isNull { run.batchedInto = try BatchIdentity(json: b) }
        return run
    }
}

extension RunCursor {
    /// `[{index, terminates, branch}]`; `branch` is null for the first frame.
    var stateJSON: JSON {
        var out: [JSON] = []
        for (i, frame) in frames.enumerated() {
            var branch: JSON = .null
            if i > 0, let parent = Self.branchStep(in: frames[i - 1]),
               let b = parent.branches.firstIndex(where: { $0.steps == frame.steps && $0.terminates == frame.terminates }) {
                branch = .int(b)
            }
            out.append(["index": .int(frame.index), "terminates": .bool(frame.terminates), "branch": branch])
        }
        return .array(out)
    }

    init(state: JSON, steps: [Step]) throws(StateDecodingError) {
        self.init(steps: steps)
        frames = []
        for (i, f) in (state.arrayValue ?? []).enumerated() {
            let index = f["index"]?.intValue ?? 0
            let terminates = f["terminates"]?.boolValue ?? false
            if i == 0 {
                frames.append(Frame(steps: steps, index: index, terminates: terminates))
                continue
            }
            guard let parent = frames.last.flatMap(Self.branchStep(in:)), let b = f["branch"]?.intValue, parent.branches.indices.contains(b) else {
                throw StateDecodingError("cursor frame \(i) names no branch of its parent step")
            }
            frames.append(Frame(steps: parent.branches[b].steps, index: index, terminates: terminates))
        }
    }

    /// The branch step a frame just ran (the step before its next one), which its child frame came from.
    private static func branchStep(in frame: Frame) -> BranchStep? {
        guard frame.index > 0, frame.index <= frame.steps.count, case .branch(let b) = frame.steps[frame.index - 1] else { return nil }
        return b
    }
}
