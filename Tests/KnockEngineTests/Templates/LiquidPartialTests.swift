import KnockCore
import Testing

@testable import KnockEngine

@Suite("Liquid render partials")
struct LiquidPartialTests {
    static let partials: [String: LiquidTemplate] = {
        var p: [String: LiquidTemplate] = [:]
        p["button"] = try! LiquidTemplate(parsing: #"<a href="{{ url }}">{{ label | default: "Open" }}</a>"#)
        p["greeting"] = try! LiquidTemplate(parsing: "Hi {{ name }}{{ secret }}")
        p["loop"] = try! LiquidTemplate(parsing: "x{% render 'loop' %}")
        p["broken"] = try! LiquidTemplate(parsing: "ok\n{{ 1 | divided_by: 0 }}")
        return p
    }()

    func options() -> LiquidRenderOptions {
        LiquidRenderOptions(now: fixedNow, loadPartial: { Self.partials[$0] })
    }

    @Test func passesNamedArguments() throws {
        let t = try LiquidTemplate(parsing: "{% render 'button', url: data.items[0].name, label: 'Go' %}|{% render \"button\" url: 'u' %}")
        #expect(try t.render(sampleContext, options: options()) == #"<a href="apple">Go</a>|<a href="u">Open</a>"#)
    }

    @Test func seesTheContextButNotCallerAssigns() throws {
        let t = try LiquidTemplate(parsing: "{% assign secret = '!' %}{% render 'greeting' %}")
        #expect(try t.render(sampleContext, options: options()) == "Hi Ada")
    }

    @Test func errors() throws {
        #expect(throws: TemplateError(.render, "partial 'nope' not found", line: 1, column: 1)) {
            try LiquidTemplate(parsing: "{% render 'nope' %}").render([:], options: options())
        }
        // Five levels of partials render; the sixth fails.
        let recursion = #expect(throws: TemplateError.self) {
            try LiquidTemplate(parsing: "{% render 'loop' %}").render([:], options: options())
        }
        #expect(recursion?.message.hasSuffix("partials nested more than 5 deep") == true)
        #expect(recursion?.message.components(separatedBy: "in partial 'loop'").count == 6)
        #expect(throws: TemplateError(.render, "in partial 'broken' (line 2, column 1): divided_by: divided by 0", line: 1, column: 3)) {
            try LiquidTemplate(parsing: "a {% render 'broken' %}").render([:], options: options())
        }
        #expect(throws: TemplateError(.parse, "'render' does not support 'with'", line: 1, column: 1)) {
            try LiquidTemplate(parsing: "{% render 'button' with x %}")
        }
        #expect(throws: TemplateError(.parse, "'render' needs a partial key in quotes", line: 1, column: 1)) {
            try LiquidTemplate(parsing: "{% render button %}")
        }
    }
}
