import KnockCore

/// The root scope Knock gives a template (engine-semantics §8.1), built from a run's parts.
///
/// `data`'s top-level keys are also available at the root (`{{ page_name }}`); Knock's own
/// variable names win when they collide. A run without a batch step still sees batch fields:
/// one activity built from this trigger and `actors` = `[actor]`. Each activity also exposes its
/// trigger data at top level (`activity.comment` and `activity.data.comment`).
///
/// ```swift
/// var parts = KnockTemplateContext()
/// parts.recipient = ["id": "u1", "name": "Ada"]
/// parts.data = ["project": "Apollo"]
/// parts.workflow = ["key": "welcome", "id": "wf-version-1", "categories": []]
/// parts.timestamp = "2024-05-01T12:00:00Z"
/// let text = try template.render(parts.json)   // "{{ recipient.name }} joined {{ project }}"
/// ```
public struct KnockTemplateContext: Sendable {
    public var recipient: JSON = .null
    public var actor: JSON = .null
    /// Run data: trigger data merged with fetch/update-data results (flattened after a batch).
    public var data: JSON = .object([:])
    /// Environment variables, including `branding`, `app_url`, `manage_preferences_url`.
    public var vars: JSON = .object([:])
    public var tenant: JSON = .null
    /// `{id (version id), key, categories, commercial?, override_preferences?, cancellation_key?}`.
    public var workflow: JSON = .null
    /// Batch state after a batch step; `nil` for runs without one.
    public var batch: Batch? = nil
    /// The activity's time, ISO-8601.
    public var timestamp: String? = nil
    /// `{id, inserted_at, updated_at}` of the message being rendered.
    public var currentMessage: JSON? = nil
    /// Webhook / reusable-request inputs.
    public var inputs: JSON? = nil
    /// Any further root variables, e.g. `content` and `footer_links` for email layouts. These
    /// win over data keys but not over the variables above.
    public var extra: JSONObject = [:]

    /// What a batch step leaves for later steps.
    public struct Batch: Sendable {
        /// All accumulated activities, unbounded.
        public var totalActivities: Int
        /// Up to the render limit (default 10), oldest first; each an `Activity` JSON object.
        public var activities: [JSON]
        /// Unique actors (at most 10).
        public var actors: [JSON]
        public var totalActors: Int

        public init(totalActivities: Int, activities: [JSON], actors: [JSON], totalActors: Int) {
            self.totalActivities = totalActivities
            self.activities = activities
            self.actors = actors
            self.totalActors = totalActors
        }
    }

    public init() {}

    /// The names Knock reserves at the root; a data key with one of these names is shadowed.
    public static let reservedNames = Set(knockVariableOrder)

    /// The context as a JSON object, ready for `LiquidTemplate.render`.
    public var json: JSON {
        var root = JSONObject()
        if case .object(let fields) = data {
            for (key, value) in fields { root[key] = value }
        }
        for (key, value) in extra { root[key] = value }
        for name in Self.knockVariableOrder {
            if let value = knockVariable(name) { root[name] = value }
        }
        return .object(root)
    }

    /// Only the root variables in `names` (`LiquidTemplate.rootNames`), each with the value it has
    /// in `json`; the whole `json` when `names` is nil.
    public func json(names: Set<String>?) -> JSON {
        guard let names else { return json }
        var root = JSONObject(minimumCapacity: names.count)
        for name in names {
            if let value = knockVariable(name) ?? extra[name] ?? data[name] { root[name] = value }
        }
        return .object(root)
    }

    /// Knock's own root variables, in the order `json` writes them.
    private static let knockVariableOrder = [
        "recipient", "actor", "data", "vars", "tenant", "workflow", "total_activities", "total_actors",
        "activities", "actors", "timestamp", "current_message", "inputs",
    ]

    /// The value of one of Knock's root variables; nil for any other name, and for
    /// `current_message` and `inputs` when unset. Without a batch step the run is one activity
    /// of its own trigger, with `actors` = `[actor]`.
    private func knockVariable(_ name: String) -> JSON? {
        switch name {
        case "recipient": return recipient
        case "actor": return actor
        case "data": return data
        case "vars": return vars
        case "tenant": return tenant
        case "workflow": return workflow
        case "total_activities": return .int(batch?.totalActivities ?? 1)
        case "total_actors": return .int(batch?.totalActors ?? (actor.isNull ? 0 : 1))
        case "activities":
            if let batch { return .array(batch.activities.map(Self.spreadingData)) }
            var activity: JSONObject = ["actor": actor, "recipient": recipient, "data": data]
            if let timestamp {
                activity["inserted_at"] = .string(timestamp)
                activity["updated_at"] = .string(timestamp)
            }
            return .array([Self.spreadingData(.object(activity))])
        case "actors": return .array(batch?.actors ?? (actor.isNull ? [] : [actor]))
        case "timestamp": return timestamp.map { .string($0) } ?? .null
        case "current_message": return currentMessage
        case "inputs": return inputs
        default: return nil
        }
    }

    /// An activity with its `data` keys copied to the top level; the activity's own fields win.
    static func spreadingData(_ activity: JSON) -> JSON {
        guard case .object(let fields) = activity, case .object(let data)? = fields["data"] else { return activity }
        var merged = JSONObject()
        for (key, value) in data { merged[key] = value }
        for (key, value) in fields { merged[key] = value }
        return .object(merged)
    }
}
