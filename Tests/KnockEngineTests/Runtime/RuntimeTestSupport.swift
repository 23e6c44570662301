import Foundation
import KnockCore
@testable import KnockEngine

/// A runtime on a frozen clock with in-memory storage, plus shortcuts for workflows and triggers.
struct RuntimeHarness {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)
    let runtime: WorkflowRuntime
    let directory = InMemoryRecipientDirectory()
    let store = InMemoryMessageStore()

    init(fetcher: any HTTPFetcher = TestURLSessionFetcher(), retries: DeliveryPlan.Retries = .scheduled) {
        let config = WorkflowRuntime.Configuration(environmentID: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!,
                                                   deliveryRetries: retries, fetcher: fetcher)
        runtime = WorkflowRuntime(configuration: config, clock: VirtualClock(start: Self.start, frozen: true),
                                  directory: directory, messages: store)
    }

    /// Loads a workflow from its JSON object (steps etc.).
    @discardableResult
    func workflow(_ key: String, _ json: JSON) -> WorkflowDefinition {
        let wf = try! WorkflowDefinition(key: key, json: json)
        runtime.load(workflows: [wf])
        return wf
    }

    func user(_ id: String, _ props: JSONObject = [:]) {
        var p = props
        if p["email"] == nil { p["email"] = .string("\(id)@example.com") }
        directory.identify(.user(id), properties: p, now: Self.start)
    }

    @discardableResult
    func trigger(_ key: String, _ body: JSON, idempotencyKey: String? = nil) throws -> WorkflowRuntime.TriggerReply {
        let reply = try runtime.trigger(workflowKey: key, body: body, idempotencyKey: idempotencyKey)
        runtime.drain()
        return reply
    }

    func messages(_ configure: (inout MessageQuery) -> Void = { _ in }) -> [JSON] {
        var q = MessageQuery()
        configure(&q)
        return runtime.listMessages(q)
    }

    func runs(_ workflow: String? = nil) -> [JSON] {
        var q = RecipientRunQuery()
        q.workflow = workflow
        return runtime.recipientRuns(q)
    }
}

/// Step JSON shortcuts.
enum Steps {
    static func inApp(_ ref: String = "in_app_feed_1", body: String = "Hi {{ recipient.name }}", conditions: JSON? = nil) -> JSON {
        var o: JSONObject = ["type": "channel", "ref": .string(ref), "channel_key": "in-app-feed", "channel_type": "in_app_feed",
                             "template": ["markdown_body": .string(body)]]
        if let conditions { o["conditions"] = conditions }
        return .object(o)
    }

    static func email(_ ref: String = "email_1", subject: String = "Hello {{ recipient.name }}", body: String = "<p>Hi</p>") -> JSON {
        ["type": "channel", "ref": .string(ref), "channel_key": "email", "channel_type": "email",
         "template": ["subject": .string(subject), "html_body": .string(body), "settings": ["layout_key": "default"]]]
    }

    static func delay(_ ref: String = "delay_1", minutes: Int) -> JSON {
        ["type": "delay", "ref": .string(ref), "settings": ["delay_for": ["unit": "minutes", "value": .int(minutes)]]]
    }

    static func condition(_ variable: String, _ op: String, _ argument: String? = nil) -> JSON {
        var o: JSONObject = ["variable": .string(variable), "operator": .string(op)]
        if let argument { o["argument"] = .string(argument) }
        return .object(o)
    }
}
