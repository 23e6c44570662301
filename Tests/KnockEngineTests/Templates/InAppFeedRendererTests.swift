import KnockCore
import Testing

@testable import KnockEngine

@Suite("In-app feed blocks")
struct InAppFeedRendererTests {
    @Test func rendersBodyActionURLAndButtons() throws {
        let step = try InAppFeedRenderer(parsing: [
            "markdown_body": "Hey **{{ recipient.name }}**",
            "action_url": "{{ vars.app_url }}/p/{{ data.id }}",
            "action_buttons": [
                ["label": "View {{ data.id }}", "action": "https://x.test/{{ data.id }}"],
                ["label": "Dismiss", "action": "dismiss"],
            ],
        ])
        var parts = KnockTemplateContext()
        parts.recipient = ["name": "Ellie"]
        parts.data = ["id": "p1"]
        parts.vars = ["app_url": "https://app.test"]
        let blocks = try step.render(parts.json)
        let expected: [JSON] = [
            ["type": "markdown", "name": "body", "content": "Hey **{{ recipient.name }}**",
             "rendered": "<p>Hey <strong>Ellie</strong></p>"],
            ["type": "text", "name": "action_url", "content": "{{ vars.app_url }}/p/{{ data.id }}",
             "rendered": "https://app.test/p/p1"],
            ["type": "button_set", "name": "actions", "buttons": [
                ["name": "primary", "label": "View p1", "action": "https://x.test/p1"],
                ["name": "secondary", "label": "Dismiss", "action": "dismiss"],
            ]],
        ]
        #expect(blocks == expected)
    }

    /// The step reads what its body, action URL and buttons read; the blocks rendered from only
    /// those variables are the blocks rendered from the whole scope.
    @Test func rootNamesCoverEveryTemplateOfTheStep() throws {
        let step = try InAppFeedRenderer(parsing: [
            "markdown_body": "Hey **{{ recipient.name }}**", "action_url": "{{ vars.app_url }}",
            "action_buttons": [["label": "{{ actor.name }}", "action": "{{ project }}"]],
        ])
        #expect(step.rootNames == ["recipient", "vars", "actor", "project"])
        var parts = KnockTemplateContext()
        parts.recipient = ["name": "Ellie"]
        parts.actor = ["name": "Al"]
        parts.data = ["project": "p1"]
        parts.vars = ["app_url": "https://app.test"]
        #expect(try step.render(parts.json(names: step.rootNames)) == (try step.render(parts.json)))
        let partial = try InAppFeedRenderer(parsing: ["markdown_body": "a", "action_buttons": [["label": "{% render 'x' %}", "action": ""]]])
        #expect(partial.rootNames == nil)
    }

    @Test func bodyOnly() throws {
        let blocks = try InAppFeedRenderer(parsing: ["markdown_body": "This is a message in an app feed"]).render([:])
        #expect(blocks == [["type": "markdown", "name": "body", "content": "This is a message in an app feed",
                            "rendered": "<p>This is a message in an app feed</p>"]])
    }

    @Test func templateErrorsSurface() {
        #expect(throws: TemplateError.self) { try InAppFeedRenderer(parsing: ["markdown_body": "{% if %}"]) }
        #expect(throws: TemplateError(.render, "unknown filter 'nope'", line: 1, column: 1)) {
            try InAppFeedRenderer(parsing: ["markdown_body": "{{ x | nope }}"]).render([:])
        }
    }
}
