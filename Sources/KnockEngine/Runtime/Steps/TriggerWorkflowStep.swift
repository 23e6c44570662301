import Foundation
import KnockCore

/// `trigger_workflow` steps (§1.10): render the settings (Knock's defaults when absent) and
/// trigger the target workflow for this run's recipient. An unknown or inactive target skips the
/// step; a render or validation error fails it. The child runs start after this step, before
/// the executor yields.
extension WorkflowRuntime {
    func executeTriggerWorkflow(_ step: TriggerWorkflowStep, _ stepRef: Step, _ run: RecipientRun) -> StepOutcome {
        let target: LoadedWorkflow
        do { target = try loadedWorkflow(step.workflowKey) } catch {
            run.log("step_skipped", step: stepRef, data: ["reason": .string(error.code)], at: clock.now)
            return .next
        }
        let scope = templateContext(run).json
        func r(_ s: String?, _ fallback: String) throws(TemplateError) -> String {
            try templates.render(s ?? fallback, scope, options: liquidOptions).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var body = JSONObject()
        do {
            body["recipients"] = Self.listValue(try r(step.recipients, "{{ recipient.id }}"))
            let actor = try r(step.actor, "{{ actor.id }}")
            if !actor.isEmpty { body["actor"] = (try? JSON.parse(actor)).flatMap { $0.objectValue.map(JSON.object) } ?? .string(actor) }
            let tenant = try r(step.tenant, "{{ tenant.id }}")
            if !tenant.isEmpty { body["tenant"] = .string(tenant) }
            let data = try r(step.data, "{{ data | json }}")
            if !data.isEmpty {
                guard case .object(let o)? = try? JSON.parse(data) else { return .failed("trigger_workflow: data did not render to a JSON object") }
                body["data"] = .object(o)
            }
            let key = try r(step.cancellationKey, "{{ workflow.cancellation_key }}")
            if !key.isEmpty { body["cancellation_key"] = .string(key) }
        } catch {
            return .failed(error.description)
        }
        do {
            let request = try TriggerRequest(body: .object(body))
            let id = try trigger(target, request: request, source: ["type": "workflow_step"])
            run.log("workflow_triggered", step: stepRef, data: ["workflow": .string(step.workflowKey), "workflow_run_id": .string(id)], at: clock.now)
            return .next
        } catch {
            return .failed("trigger_workflow: \(error.message)")
        }
    }

    /// Rendered recipients: a JSON list, or one id.
    static func listValue(_ text: String) -> JSON {
        if text.isEmpty { return .array([]) }
        if let parsed = try? JSON.parse(text) {
            if case .array = parsed { return parsed }
            if case .object = parsed { return .array([parsed]) }
        }
        return .array([.string(text)])
    }
}
