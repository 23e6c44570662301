import KnockCore
import Testing

@testable import KnockEngine

@Suite("Liquid output and lookups")
struct LiquidOutputTests {
    @Test(arguments: [
        ("Hello {{ name }}!", "Hello Ada!"),
        ("{{ data.items[0].name }}", "apple"),
        ("{{ data.items[-1].name }}", "banana"),
        ("{{ data[\"odd key\"] }}", "odd value"),
        ("{{ data['odd key'] }}", "odd value"),
        ("{{ data.nested.deep.value }}", "found"),
        ("{{ data.nested['deep'].value }}", "found"),
        ("{{ data.items.size }}", "3"),
        ("{{ data.items.first.name }}", "apple"),
        ("{{ data.items.last.name }}", "banana"),
        ("{{ name.size }}", "3"),
        ("{{ name.first }}", "A"),
        ("{{ data.count }}", "42"),  // a key, not the size of `data`
        ("{{ user.size }}", "XL"),  // keys win over the size property
        ("{{ user.first-name }}", "Grace"),
        ("{{ data.size }}", "4"),
        ("{{ missing }}", ""),
        ("{{ missing.deeper.still }}", ""),
        ("{{ nothing }}", ""),
        ("{{ yes }} {{ no }}", "true false"),
        ("{{ price }}", "12.5"),
        ("{{ 3.0 }}", "3.0"),
        ("{{ -4 }}", "-4"),
        ("{{ tags }}", "bac"),
        ("{{ \"quoted }}\" }}", "quoted }}"),
        ("{{ 'single' }}", "single"),
        ("{{ (1..4) | join: ',' }}", "1,2,3,4"),
        ("{% assign key = 'odd key' %}{{ data[key] }}", "odd value"),
        ("{% assign i = 1 %}{{ data.items[i].name }}", "carrot"),
        ("{{ [\"name\"] }}", "Ada"),
        ("{{ data.items[0] | json }}", #"{"name":"apple","price":3,"kind":"fruit"}"#),
        ("{{ data.nested }}", #"{"deep":{"value":"found"}}"#),
        ("{{ true }}{{ nil }}{{ null }}", "true"),
        ("a {{- ' b ' -}} c", "a b c"),
        ("[{{ }}][{{- -}}]", "[][]"),
    ])
    func output(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test func textWithoutTagsIsUnchanged() throws {
        let text = "Plain text with { braces } and % signs and a lone { and }}."
        #expect(try render(text) == text)
    }

    @Test func unicodeSurvives() throws {
        #expect(try render("héllo {{ w }} ✓", ["w": "wörld 🌍"]) == "héllo wörld 🌍 ✓")
    }

    @Test func templateIsReusableAcrossContexts() throws {
        let template = try LiquidTemplate(parsing: "Hi {{ name }}")
        #expect(try template.render(["name": "A"]) == "Hi A")
        #expect(try template.render(["name": "B"]) == "Hi B")
        #expect(try template.render([:]) == "Hi ")
    }

    @Test func assignsCarryAcrossRendersWhenShared() throws {
        var assigns: [String: JSON] = [:]
        let pre = try LiquidTemplate(parsing: "{% assign greeting = 'Hello' %}")
        let layout = try LiquidTemplate(parsing: "{{ greeting }}, {{ name }}")
        _ = try pre.render([:], options: LiquidRenderOptions(), assigns: &assigns)
        #expect(try layout.render(["name": "Ada"], options: LiquidRenderOptions(), assigns: &assigns) == "Hello, Ada")
    }
}
