import KnockCore
import Testing

@testable import KnockEngine

@Suite("Liquid tags")
struct LiquidTagTests {
    @Test(arguments: [
        ("{% if yes %}y{% endif %}", "y"),
        ("{% if no %}y{% else %}n{% endif %}", "n"),
        ("{% if count == 1 %}one{% elsif count == 3 %}three{% else %}other{% endif %}", "three"),
        ("{% if count == 1 %}one{% elsif count == 2 %}two{% else %}other{% endif %}", "other"),
        ("{% unless no %}shown{% endunless %}", "shown"),
        ("{% unless yes %}hidden{% else %}else{% endunless %}", "else"),
        ("{% if data.items %}{% if data.items.size > 2 %}many{% endif %}{% endif %}", "many"),
        ("{% if missing %}y{% else %}n{% endif %}", "n"),
    ])
    func conditionals(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test(arguments: [
        ("{% case name %}{% when 'Bob' %}bob{% when 'Ada' %}ada{% else %}other{% endcase %}", "ada"),
        ("{% case count %}{% when 1, 2 %}low{% when 3 or 4 %}mid{% else %}high{% endcase %}", "mid"),
        ("{% case count %}{% when 9 %}nine{% else %}fallback{% endcase %}", "fallback"),
        ("{% case count %}{% when 9 %}nine{% endcase %}", ""),
        ("{% case empty_string %}{% when empty %}empty{% endcase %}", "empty"),
        ("{% case price %}{% when 12.5 %}exact{% endcase %}", "exact"),
    ])
    func caseWhen(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test(arguments: [
        ("{% for t in tags %}{{ t }}{% endfor %}", "bac"),
        ("{% for t in tags reversed %}{{ t }}{% endfor %}", "cab"),
        ("{% for t in tags limit: 2 %}{{ t }}{% endfor %}", "ba"),
        ("{% for t in tags offset: 1 %}{{ t }}{% endfor %}", "ac"),
        ("{% for t in tags limit: 1 offset: 1 %}{{ t }}{% endfor %}", "a"),
        ("{% for t in tags offset: 1 limit: 1 reversed %}{{ t }}{% endfor %}", "a"),
        ("{% for i in (1..5) %}{{ i }}{% endfor %}", "12345"),
        ("{% for i in (1..count) %}{{ i }}{% endfor %}", "123"),
        ("{% for i in (3..1) %}{{ i }}{% else %}none{% endfor %}", "none"),
        ("{% for i in (1..1000000) limit: 3 %}{{ i }}{% endfor %}", "123"),
        ("{% for i in (1..5) reversed %}{{ i }}{% endfor %}", "54321"),
        ("{% for x in empty_list %}{{ x }}{% else %}empty{% endfor %}", "empty"),
        ("{% for x in missing %}{{ x }}{% else %}nothing{% endfor %}", "nothing"),
        ("{% for i in (1..5) %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %}", "12"),
        ("{% for i in (1..5) %}{% if i == 3 %}{% continue %}{% endif %}{{ i }}{% endfor %}", "1245"),
        ("{% for item in data.items %}{{ item.name }}{% unless forloop.last %}, {% endunless %}{% endfor %}",
         "apple, carrot, banana"),
        ("{% for t in tags %}{{ forloop.index }}/{{ forloop.index0 }}/{{ forloop.rindex }}/{{ forloop.rindex0 }}/{{ forloop.length }}{% if forloop.first %}F{% endif %} {% endfor %}",
         "1/0/3/2/3F 2/1/2/1/3 3/2/1/0/3 "),
        ("{% for pair in user %}{{ pair[0] }}={{ pair[1] }};{% endfor %}", "first-name=Grace;size=XL;"),
        ("{% for t in tags %}{% assign last_seen = t %}{% endfor %}{{ last_seen }}", "c"),
        ("{% for t in tags %}{% endfor %}{{ t }}", ""),
    ])
    func forLoops(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test func nestedLoopsWithForloopAndParentloop() throws {
        let source = """
            {% for row in (1..2) %}{% for col in (1..3) %}{{ forloop.parentloop.index }}.{{ forloop.index }}\
            {% if forloop.last %};{% else %},{% endif %}{% endfor %}{% endfor %}
            """
        #expect(try render(source) == "1.1,1.2,1.3;2.1,2.2,2.3;")
    }

    @Test func breakOnlyLeavesTheInnerLoop() throws {
        let source = "{% for a in (1..3) %}{% for b in (1..3) %}{% if b == 2 %}{% break %}{% endif %}{{ a }}{{ b }} {% endfor %}{% endfor %}"
        #expect(try render(source) == "11 21 31 ")
    }

    @Test func loopVariableShadowsAssignAndRestores() throws {
        #expect(try render("{% assign t = 'x' %}{% for t in tags %}{{ t }}{% endfor %}{{ t }}") == "bacx")
    }

    @Test(arguments: [
        ("{% assign greeting = 'Hi' %}{{ greeting }}", "Hi"),
        ("{% assign n = count | plus: 2 %}{{ n }}", "5"),
        ("{% assign name = 'Shadow' %}{{ name }}", "Shadow"),
        ("{% assign list = 'a,b' | split: ',' %}{{ list.size }}", "2"),
        ("{% capture c %}Hello {{ name }}{% endcapture %}[{{ c }}]", "[Hello Ada]"),
        ("{% capture c %}{% for t in tags %}{{ t }}{% endfor %}{% endcapture %}{{ c | upcase }}", "BAC"),
        ("{% raw %}{{ not rendered }} {% if %}{% endraw %}", "{{ not rendered }} {% if %}"),
        ("a{% comment %} {{ ignored }} {% if x %} {% endcomment %}b", "ab"),
        ("a{% comment %}x{% comment %}nested{% endcomment %}y{% endcomment %}b", "ab"),
        ("a{% # inline comment %}b", "ab"),
        ("{% increment c %}{% increment c %}{% increment c %}", "012"),
        ("{% decrement c %}{% decrement c %}", "-1-2"),
        ("{% increment c %}{% decrement c %}", "00"),
        ("{% for i in (1..4) %}{% cycle 'a', 'b', 'c' %}{% endfor %}", "abca"),
        ("{% echo name | upcase %}", "ADA"),
    ])
    func otherTags(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test func incrementCountersAreSeparateFromAssigns() throws {
        #expect(try render("{% assign c = 10 %}{% increment c %}{{ c }}") == "010")
    }
}
