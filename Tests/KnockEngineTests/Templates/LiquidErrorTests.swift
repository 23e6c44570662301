import KnockCore
import Testing

@testable import KnockEngine

@Suite("Liquid errors")
struct LiquidErrorTests {
    /// Parse errors: message and the line/column of the offending tag or output.
    @Test(arguments: [
        ("Hi {{ name", "output '{{' was not closed with '}}'", 1, 4),
        ("{% if x %}", "'if' tag was never closed with 'endif'", 1, 1),
        ("a\n  {% for x in y %}{% endif %}", "unexpected 'endif' tag", 2, 19),
        ("a\n  {% for x in y %}", "'for' tag was never closed with 'endfor'", 2, 3),
        ("{% endif %}", "unexpected 'endif' tag", 1, 1),
        ("{% else %}", "unexpected 'else' tag", 1, 1),
        ("line1\nline2 {% frobnicate %}", "unknown tag 'frobnicate'", 2, 7),
        ("{{ name | }}", "expected a name but found 'end of tag'", 1, 1),
        ("{{ 'unterminated }}", "unterminated string", 1, 1),
        ("{% if a = b %}{% endif %}", "unknown operator '=' (did you mean '=='?)", 1, 1),
        ("{% for x y %}{% endfor %}", "expected 'in' in 'for' tag", 1, 1),
        ("{% for x in y foo: 1 %}{% endfor %}", "unknown 'for' option 'foo'", 1, 1),
        ("{% assign = 1 %}", "expected a name but found '='", 1, 1),
        ("{{ a b }}", "unexpected 'b'", 1, 1),
        ("{{ (1..) }}", "expected a value but found ')'", 1, 1),
        ("{% raw %}never closed", "'raw' tag was never closed with 'endraw'", 1, 1),
        ("{% comment %}never closed", "'comment' tag was never closed with 'endcomment'", 1, 1),
        ("{% if x %}{% else %}{% else %}{% endif %}", "second 'else' in 'if'", 1, 21),
        ("{% if x %}{% else %}{% elsif y %}{% endif %}", "'elsif' after 'else'", 1, 21),
        ("{% break now %}", "'break' takes no arguments", 1, 1),
        ("é {{ a @ }}", "unexpected character '@'", 1, 3),
    ])
    func parseErrors(source: String, message: String, line: Int, column: Int) {
        let error = templateError(source)
        #expect(error == TemplateError(.parse, message, line: line, column: column))
    }

    /// Render errors: unknown filters, wrong argument counts and types, arithmetic faults.
    @Test(arguments: [
        ("ok\n {{ name | nope }}", "unknown filter 'nope'", 2, 2),
        ("{{ name | append }}", "wrong number of arguments for 'append' (given 0, expected 1)", 1, 1),
        ("{{ name | upcase: 1 }}", "wrong number of arguments for 'upcase' (given 1, expected 0)", 1, 1),
        ("{{ name | replace: 'a', 'b', 'c' }}", "wrong number of arguments for 'replace' (given 3, expected 1 to 2)", 1, 1),
        ("{{ 1 | divided_by: 0 }}", "divided_by: divided by 0", 1, 1),
        ("{{ 1 | modulo: 0 }}", "modulo: divided by 0", 1, 1),
        ("{{ tags | concat: 'x' }}", "concat: argument must be an array", 1, 1),
        ("{{ 'x' | truncate: 'many' }}", "truncate: invalid integer 'many'", 1, 1),
        ("{{ 'x' | date: tags }}", "date: argument 1 must be a string, got array", 1, 1),
        ("{{ 'now' | timezone: 'Mars/Base' }}", "timezone: unknown time zone 'Mars/Base'", 1, 1),
        ("{{ '{bad' | from_json }}", "from_json: expected a string key at line 1, column 2", 1, 1),
        ("{{ 'now' | format_date_in_locale: 'en', 'huge' }}", "format_date_in_locale: unknown format 'huge' (use short, medium, long or full)", 1, 1),
        ("{% assign x = name | nope %}", "unknown filter 'nope'", 1, 1),
        ("{% for i in (1..10000000000) %}{% endfor %}", "range (1..10000000000) is too large", 1, 1),
        ("{{ tags | sort: 'x' | concat: 3 }}", "concat: argument must be an array", 1, 1),
        ("{{ 'a,1' | split: ',' | sort }}", "", 0, 0),
    ])
    func renderErrors(source: String, message: String, line: Int, column: Int) {
        let error = templateError(source)
        if message.isEmpty {
            #expect(error == nil)
        } else {
            #expect(error == TemplateError(.render, message, line: line, column: column))
        }
    }

    @Test func mixedSortIsAnError() {
        let context: JSON = ["mixed": [1, "a"]]
        #expect(templateError("{{ mixed | sort }}", context)?.message == "comparison of string with integer failed"
            || templateError("{{ mixed | sort }}", context)?.message == "comparison of integer with string failed")
    }

    @Test func unknownFilterInUnreachedBranchDoesNotFail() throws {
        #expect(try render("{% if false %}{{ x | nope }}{% endif %}ok") == "ok")
    }

    @Test func errorDescriptionNamesKindAndPlace() {
        #expect(templateError("{% nope %}")?.description == "Liquid syntax error (line 1, column 1): unknown tag 'nope'")
        #expect(templateError("{{ 1 | nope }}")?.description == "Liquid error (line 1, column 1): unknown filter 'nope'")
    }

    @Test func deepNestingIsRejectedNotCrashed() {
        let source = String(repeating: "{% if a %}", count: 150) + String(repeating: "{% endif %}", count: 150)
        #expect(templateError(source)?.message == "blocks nested more than 100 deep")
    }

    @Test func runawayLoopsHitTheIterationBudget() throws {
        let template = try LiquidTemplate(parsing: "{% for a in (1..1000) %}{% for b in (1..1000) %}{% endfor %}{% endfor %}")
        #expect(throws: TemplateError.self) {
            try template.render([:], options: LiquidRenderOptions(maxIterations: 10_000))
        }
    }
}
