import KnockCore
import Testing

@testable import KnockEngine

@Suite("Knock template variables")
struct KnockTemplateContextTests {
    private func parts() -> KnockTemplateContext {
        var parts = KnockTemplateContext()
        parts.recipient = ["__typename": "User", "id": "u1", "name": "Ada", "email": "ada@example.com"]
        parts.actor = ["__typename": "User", "id": "u2", "name": "Grace"]
        parts.data = ["project": "Apollo", "recipient": "shadowed", "count": 2]
        parts.vars = ["app_url": "https://app.example.com", "branding": ["primary_color": "#000000"]]
        parts.tenant = ["id": "acme", "name": "Acme"]
        parts.workflow = ["key": "welcome", "id": "version-1", "categories": ["onboarding"]]
        parts.timestamp = "2024-05-01T12:00:00Z"
        return parts
    }

    @Test func rootVariables() throws {
        let context = parts().json
        let source = """
            {{ recipient.name }}|{{ actor.name }}|{{ data.project }}|{{ project }}|{{ vars.app_url }}|\
            {{ vars.branding.primary_color }}|{{ tenant.name }}|{{ workflow.key }}|{{ workflow.id }}|\
            {{ workflow.categories | join: ',' }}|{{ timestamp }}
            """
        #expect(try render(source, context)
            == "Ada|Grace|Apollo|Apollo|https://app.example.com|#000000|Acme|welcome|version-1|onboarding|2024-05-01T12:00:00Z")
    }

    @Test func reservedNamesWinOverDataKeys() throws {
        let context = parts().json
        #expect(try render("{{ recipient.id }} {{ data.recipient }}", context) == "u1 shadowed")
    }

    @Test func unbatchedRunHasOneActivity() throws {
        let context = parts().json
        let source = """
            {{ total_activities }}|{{ total_actors }}|{{ actors[0].name }}|{{ activities.size }}|\
            {{ activities[0].project }}|{{ activities[0].data.project }}|{{ activities[0].actor.name }}|\
            {{ activities[0].inserted_at }}
            """
        #expect(try render(source, context) == "1|1|Grace|1|Apollo|Apollo|Grace|2024-05-01T12:00:00Z")
    }

    @Test func unbatchedRunWithoutActorHasNoActors() throws {
        var p = parts()
        p.actor = .null
        #expect(try render("{{ total_actors }}{{ actors.size }}{% if actor %}x{% endif %}", p.json) == "00")
    }

    @Test func batchFields() throws {
        var p = parts()
        p.batch = KnockTemplateContext.Batch(
            totalActivities: 12,
            activities: [
                ["id": "a1", "data": ["comment": "first", "id": "data-id"], "actor": ["name": "Grace"]],
                ["id": "a2", "data": ["comment": "second"], "actor": ["name": "Linus"]],
            ],
            actors: [["name": "Grace"], ["name": "Linus"]],
            totalActors: 5)
        let source = """
            {{ total_activities }} {{ total_actors }} {{ actors | map: 'name' | join: ',' }} \
            {% for a in activities %}{{ a.comment }}/{{ a.data.comment }}/{{ a.id }};{% endfor %} \
            {{ total_activities | minus: activities.size }} more
            """
        #expect(try render(source, p.json) == "12 5 Grace,Linus first/first/a1;second/second/a2; 10 more")
    }

    @Test func extrasAndOptionalFields() throws {
        var p = parts()
        p.currentMessage = ["id": "m1"]
        p.inputs = ["x": 1]
        p.extra = ["content": "<p>body</p>", "project": "extra wins over data"]
        #expect(try render("{{ current_message.id }} {{ inputs.x }} {{ content }} {{ project }}", p.json)
            == "m1 1 <p>body</p> extra wins over data")
    }

    @Test func emptyPartsStillRender() throws {
        let context = KnockTemplateContext().json
        #expect(try render("[{{ recipient.name }}{{ tenant.id }}{{ timestamp }}{{ total_activities }}]", context) == "[1]")
    }

    /// A scope of only the names a template reads gives each name the value the whole scope
    /// gives it, batched or not, with data keys, extras and unset optional fields.
    @Test func namedScopesMatchTheWholeScope() {
        var batched = parts()
        batched.batch = KnockTemplateContext.Batch(totalActivities: 3, activities: [["id": "a1", "data": ["c": 1]]],
                                                   actors: [["name": "Grace"]], totalActors: 1)
        var extras = parts()
        extras.extra = ["content": "x", "project": "extra"]
        extras.currentMessage = ["id": "m1"]
        var bare = KnockTemplateContext()
        bare.data = "not an object"
        let names: Set<String> = KnockTemplateContext.reservedNames.union(["project", "count", "content", "missing"])
        for p in [parts(), batched, extras, bare] {
            let whole = p.json
            let named = p.json(names: names)
            for name in names { #expect(named[name] == whole[name], "\(name)") }
            #expect(p.json(names: ["project"]).objectValue?.keys.elements == (whole["project"] == nil ? [] : ["project"]))
            #expect(p.json(names: nil) == whole)
        }
    }

    @Test(arguments: [
        ("Hello **{{ recipient.name }}**, n = {{ data.n }}", ["recipient", "data"]),
        ("{% if actor %}{{ actor.name | default: fallback }}{% endif %}", ["actor", "fallback"]),
        ("{% for a in activities limit: max %}{{ a.id }}{% else %}{{ none }}{% endfor %}", ["activities", "max", "a", "none"]),
        ("{% assign x = data.items[i] | map: key %}{% case x %}{% when y %}{% endcase %}", ["data", "i", "key", "x", "y"]),
        ("{% capture c %}{{ (lo..hi) }}{% endcapture %}{% cycle p, q %}{% unless not_me %}{% endunless %}", ["lo", "hi", "p", "q", "not_me"]),
        ("{{ data[recipient.id] }}", ["data", "recipient"]),
        ("plain text", []),
    ])
    func rootNamesAreTheVariablesATemplateReads(source: String, names: [String]) throws {
        #expect(try LiquidTemplate(parsing: source).rootNames == Set(names))
    }

    @Test(arguments: ["{{ [key] }}", "{% render 'footer' %}", "{% if x %}{{ ['recipient'].name }}{% endif %}"])
    func rootNamesAreUnknownForComputedRootsAndPartials(source: String) throws {
        #expect(try LiquidTemplate(parsing: source).rootNames == nil)
    }
}
