import KnockCore

/// A workflow as the engine runs it: the mAPI `Workflow` fields that matter at run time, typed.
///
/// Built by `WorkflowLoader` from a pulled folder, or directly from a JSON object (e.g. an mAPI
/// `PUT /v1/workflows/{key}` body) with `init(key:json:)`. `raw` keeps the resolved object
/// (without `__readonly`/`$schema`) for answering management-API reads.
///
/// ```swift
/// let wf = try WorkflowDefinition(key: "welcome", json: ["name": "Welcome", "steps": []])
/// wf.triggerFrequency                // .everyTrigger
/// wf.step(ref: "email_1")            // searches branches too
/// ```
public struct WorkflowDefinition: Sendable, Hashable {
    public enum TriggerFrequency: String, Sendable, Hashable, CaseIterable {
        case everyTrigger = "every_trigger"
        case oncePerRecipient = "once_per_recipient"
        case oncePerRecipientPerTenant = "once_per_recipient_per_tenant"
    }

    /// `^[a-z0-9_-]+$`, 3–255 characters; the folder name for pulled workflows.
    public var key: String
    public var name: String
    public var description: String?
    public var categories: [String]
    /// Trigger-step conditions: false for a recipient ⇒ that recipient's run halts before any step.
    public var conditions: ConditionGroup?
    /// `settings.override_preferences`: ignore recipient preferences entirely.
    public var overridePreferences: Bool
    /// `settings.is_commercial`: subject to `commercial_subscribed`.
    public var isCommercial: Bool
    public var triggerFrequency: TriggerFrequency
    /// JSON Schema for trigger `data`; check with `TriggerDataSchemaValidator`.
    public var triggerDataJSONSchema: JSON?
    public var steps: [Step]
    public var tags: [String]
    /// The pulled file's `__readonly` block (`active`, `valid`, `environment`, ...), if any.
    public var readonly: JSONObject?
    public var raw: JSONObject

    /// Decodes a workflow object. Throws `DefinitionError` naming the field at fault.
    public init(key: String, json: JSON) throws {
        guard Self.isValidKey(key) else {
            throw DefinitionError(field: "key", message: "workflow key \"\(key)\" must be 3–255 characters of a-z, 0-9, _ and -")
        }
        var r = try FieldReader(value: json, path: "")
        var object = r.object
        self.readonly = object.removeValue(forKey: "__readonly")?.objectValue
        object.removeValue(forKey: "$schema")
        object.removeValue(forKey: "key")
        r = FieldReader(object, path: "")

        self.key = key
        self.name = try r.optionalString("name") ?? key
        self.description = try r.optionalString("description")
        self.categories = try r.optionalStringArray("categories") ?? []
        self.tags = try r.optionalStringArray("tags") ?? []
        self.conditions = try r.optionalConditionGroup("conditions")
        let settings = try r.optionalObject("settings")
        self.overridePreferences = try settings?.optionalBool("override_preferences") ?? false
        self.isCommercial = try settings?.optionalBool("is_commercial") ?? false
        self.triggerFrequency = try r.optionalEnum("trigger_frequency", TriggerFrequency.self) ?? .everyTrigger
        if let schema = r.value("trigger_data_json_schema") {
            guard case .object = schema else { throw r.mismatch("trigger_data_json_schema", expected: "an object", got: schema) }
            self.triggerDataJSONSchema = schema
        }
        guard let stepItems = try r.optionalArray("steps") else { throw r.missing("steps") }
        self.steps = try StepDecoder().steps(stepItems)
        var withKey = object
        withKey.updateValue(.string(key), forKey: "key", insertingAt: 0)
        self.raw = withKey
        try checkUniqueRefs()
    }

    public static func isValidKey(_ key: String) -> Bool {
        (3...255).contains(key.count) && key.utf8.allSatisfy { c in
            (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 || c == 45
        }
    }

    /// Every step in execution-tree order, branch steps followed by their branches' steps.
    public var allSteps: [Step] {
        func walk(_ steps: [Step]) -> [Step] {
            steps.flatMap { step -> [Step] in
                if case .branch(let b) = step { return [step] + b.branches.flatMap { walk($0.steps) } }
                return [step]
            }
        }
        return walk(steps)
    }

    /// The step with `ref`, searching inside branches.
    public func step(ref: String) -> Step? { allSteps.first { $0.ref == ref } }

    /// The channel steps anywhere in the workflow (for registering their channels).
    public var channelSteps: [ChannelStep] {
        allSteps.compactMap { if case .channel(let c) = $0 { return c } else { return nil } }
    }

    private func checkUniqueRefs() throws {
        var seen = Set<String>()
        for step in allSteps where !seen.insert(step.ref).inserted {
            throw DefinitionError(field: "steps", message: "step ref \"\(step.ref)\" is used more than once")
        }
    }
}
