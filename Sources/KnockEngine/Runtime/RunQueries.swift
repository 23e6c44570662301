import Foundation
import KnockCore

/// The filters of `GET /v1/workflow_recipient_runs` (§6.6).
///
/// ```swift
/// var q = RecipientRunQuery(); q.workflow = "welcome"; q.statuses = ["paused"]
/// runtime.recipientRuns(q)
/// ```
public struct RecipientRunQuery: Sendable, Hashable {
    public var workflow: String?
    public var statuses: [String] = []
    public var tenant: String?
    public var hasErrors: Bool?
    public var recipient: RecipientRef?
    public var workflowRunID: String?
    public var startingAt: Date?
    public var endingAt: Date?

    public init() {}
}

extension WorkflowRuntime {
    /// Runs matching `query`, newest first, as `WorkflowRecipientRun` JSON.
    public func recipientRuns(_ query: RecipientRunQuery) -> [JSON] {
        onExecutor {
            runOrder.reversed().compactMap { runs[$0] }.filter { r in
                if let w = query.workflow, r.workflow.key != w { return false }
                if !query.statuses.isEmpty, !query.statuses.contains(r.status.rawValue) { return false }
                if let t = query.tenant, r.tenant != t { return false }
                if let e = query.hasErrors, (r.errorCount > 0) != e { return false }
                if let rec = query.recipient, r.recipient != rec { return false }
                if let id = query.workflowRunID, r.workflowRunID != id { return false }
                if let s = query.startingAt, r.insertedAt < s { return false }
                if let e = query.endingAt, r.insertedAt > e { return false }
                return true
            }.map(\.json)
        }
    }

    /// One page of `recipientRuns`, from the run store when there is one (it outlives restarts).
    public func recipientRuns(_ query: RecipientRunQuery, page: PageRequest) -> Page<JSON> {
        onExecutor {
            if let runStore { return runStore.runs(query, page: page) }
            let all = recipientRuns(query)
            let count = Int64(all.count)
            // In memory, a run's position in the newest-first list stands in for its sequence number.
            let numbered = all.enumerated().map { (seq: count - Int64($0.offset), json: $0.element) }
            return KeysetSlice.newestFirst(numbered, seq: \.seq, request: page).map(\.json)
        }
    }

    /// `WorkflowRecipientRunDetail` (the run with its events), or nil.
    public func recipientRun(id: String) -> JSON? {
        onExecutor { runs[id.lowercased()]?.detailJSON ?? runStore?.run(id: id) }
    }
}
