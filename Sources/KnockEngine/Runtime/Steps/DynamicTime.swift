import Foundation
import KnockCore

/// Dynamic windows for delay, batch and throttle steps (`*_field_path`, §1.5): the path may hold
/// an ISO-8601 timestamp, a Duration `{unit, value}`, or a window rule `{frequency, …}`
/// (`WindowRule`), which resolves to its next moment in the recipient's time zone.
extension WorkflowRuntime {
    enum DynamicTime {
        case at(Date)
        case after(WorkflowDuration)
    }

    func dynamicTime(_ path: String, _ run: RecipientRun) -> DynamicTime? {
        let context = conditionContext(run)
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        // A bare name means a data key, as batch keys do.
        let full = context.isPath(trimmed) ? trimmed : "data.\(trimmed)"
        switch context.lookup(full) {
        case .string(let s)?:
            return ConditionTimestamps.parse(s).map(DynamicTime.at)
        case .object(let o)? where o["unit"] != nil:
            return (try? WorkflowDuration(json: .object(o))).map(DynamicTime.after)
        case .object(let o)? where o["frequency"] != nil:
            return WindowRule(json: .object(o))?.next(after: clock.now, in: recipientTimeZone(run)).map(DynamicTime.at)
        default:
            return nil
        }
    }

    /// Reads a step setting such as a throttle or batch key: plain names are `data.<name>`, Liquid renders.
    func keyValue(_ key: String?, _ run: RecipientRun) throws(TemplateError) -> String {
        guard let key, !key.isEmpty else { return "" }
        if key.contains("{{") || key.contains("{%") { return try render(key, run) }
        let context = conditionContext(run)
        let path = context.isPath(key) ? key : "data.\(key)"
        guard let v = context.lookup(path) else { return "" }
        return v.stringValue ?? v.serialized()
    }
}
