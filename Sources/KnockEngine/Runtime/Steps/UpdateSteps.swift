import Foundation
import KnockCore

/// `update_data`, `update_user`, `update_object`, `update_tenant` (§1.11). Properties are JSON or
/// Liquid rendering to a JSON object; a render error or non-object result fails the step.
extension WorkflowRuntime {
    enum UpdateKind { case user, object, tenant }

    func executeUpdateData(_ step: UpdateDataStep, _ stepRef: Step, _ run: RecipientRun) -> StepOutcome {
        switch renderObject(step.data, run, field: "data") {
        case .error(let reason): return .failed(reason)
        case .object(let o):
            run.data = JSONMerging.shallowMerge(run.data, .object(o))
            run.log("data_updated", step: stepRef, data: ["keys": .array(o.keys.map(JSON.string))], at: clock.now)
            return .next
        }
    }

    func executeUpdateRecipient(_ step: UpdateRecipientStep, _ stepRef: Step, _ run: RecipientRun, kind: UpdateKind) -> StepOutcome {
        let target: RecipientRef?
        if step.recipientMode == .current && kind != .object {
            switch kind {
            case .tenant: target = run.tenant.map { RecipientRef(collection: RecipientRef.tenantsCollection, id: $0) }
            default: target = run.recipient
            }
        } else {
            let gid: String
            do { gid = try render(step.recipientGID ?? "", run) } catch { return .failed(error.description) }
            target = Self.parseGID(gid)
            if target == nil { return .failed("\(step.common.type): invalid recipient_gid \"\(gid)\"") }
        }
        guard let target else {
            run.log("step_skipped", step: stepRef, data: ["reason": "no_tenant"], at: clock.now)
            return .next
        }
        switch renderObject(step.updateProperties, run, field: "update_properties") {
        case .error(let reason): return .failed(reason)
        case .object(var props):
            // Channel data cannot be changed by update steps (§1.11).
            props.removeValue(forKey: "channel_data")
            directory.identify(target, properties: props, now: clock.now)
            recipientsChanged()
            run.log("recipient_updated", step: stepRef, data: ["recipient": target.reference], at: clock.now)
            return .next
        }
    }

    /// `gid://Object/<collection>/<id>`; `$users` means a user.
    static func parseGID(_ gid: String) -> RecipientRef? {
        let prefix = "gid://Object/"
        guard gid.hasPrefix(prefix) else { return nil }
        let rest = gid.dropFirst(prefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let collection = String(rest[..<slash]), id = String(rest[rest.index(after: slash)...])
        guard !collection.isEmpty, !id.isEmpty else { return nil }
        return collection == "$users" ? .user(id) : RecipientRef(collection: collection, id: id)
    }

    enum RenderedObject { case object(JSONObject), error(String) }

    private func renderObject(_ source: String, _ run: RecipientRun, field: String) -> RenderedObject {
        let text: String
        do { text = try render(source, run) } catch { return .error(error.description) }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .object([:]) }
        guard case .object(let o)? = try? JSON.parse(text) else { return .error("\(field) did not render to a JSON object") }
        return .object(o)
    }
}
