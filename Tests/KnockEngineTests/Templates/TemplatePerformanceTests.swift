import Foundation
import KnockCore
import Testing

@testable import KnockEngine

@Suite("Template speed")
struct TemplatePerformanceTests {
    static let emailTemplate = """
        <html><body>
        <h1>Hi {{ recipient.name | default: "there" }},</h1>
        {% if total_activities > 1 %}
          <p>{{ actor.name }} and {{ total_actors | minus: 1 }} others left {{ total_activities }} comments
          on {{ data.project.name | escape }}:</p>
        {% else %}
          <p>{{ actor.name }} left a comment on {{ data.project.name | escape }}:</p>
        {% endif %}
        <ul>
        {%- for activity in activities limit: 5 %}
          <li class="{% cycle 'odd', 'even' %}">{{ forloop.index }}. {{ activity.comment | truncate: 40 }}
            by {{ activity.actor.name | upcase }}</li>
        {%- endfor %}
        </ul>
        {% assign total = data.items | map: "price" | sum %}
        <p>Total: {{ total | currency }}; sent {{ timestamp | date: "%b %-d, %Y" }}</p>
        {% case data.plan %}{% when "pro" %}<p>Pro plan</p>{% else %}<p>Free plan</p>{% endcase %}
        <a href="{{ vars.app_url }}/projects/{{ data.project.id | url_encode }}">Open</a>
        </body></html>
        """

    static var context: JSON {
        var parts = KnockTemplateContext()
        parts.recipient = ["id": "u1", "name": "Ada"]
        parts.actor = ["id": "u2", "name": "Grace"]
        parts.data = [
            "project": ["id": "p 1", "name": "Apollo & co"], "plan": "pro",
            "items": [["price": 3], ["price": 4.5]],
        ]
        parts.vars = ["app_url": "https://app.example.com"]
        parts.timestamp = "2024-05-01T12:00:00Z"
        parts.batch = .init(
            totalActivities: 3,
            activities: (1...3).map { ["data": ["comment": .string("Comment number \($0) with some words")], "actor": ["name": "Grace"]] },
            actors: [["name": "Grace"]], totalActors: 2)
        return parts.json
    }

    @Test func realisticEmailTemplateRendersAndIsRepeatable() throws {
        let template = try LiquidTemplate(parsing: Self.emailTemplate)
        let context = Self.context
        let options = LiquidRenderOptions()
        let output = try template.render(context, options: options)
        #expect(output.contains("Grace and 1 others left 3 comments"))
        #expect(output.contains("Apollo &amp; co"))
        #expect(output.contains("Total: $7.50"))
        // Rendering is pure: a second render of the same parsed template gives the same bytes.
        #expect(try template.render(context, options: options) == output)
    }
}
