import KnockCore
import Testing

@testable import KnockEngine

@Suite("Template robustness")
struct TemplateFuzzTests {
    /// A small deterministic generator so failures reproduce.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let seeds = [
        "Hi {{ name | upcase }}!", "{% if count > 2 and yes %}a{% elsif no %}b{% else %}c{% endif %}",
        "{% for t in tags reversed limit: 2 %}{{ forloop.index }}{{ t }}{% else %}none{% endfor %}",
        "{% case name %}{% when 'Ada', 'Bob' %}x{% else %}y{% endcase %}",
        "{% assign a = data.items | map: 'name' | join: ', ' %}{{ a | truncate: 8 }}",
        "{% capture c %}{{ 'x' | append: 'y' }}{% endcapture %}{{ c | size }}",
        "{{- data['odd key'] | default: 'z' -}} {% raw %}{{ raw }}{% endraw %}",
        "{{ '2024-01-01' | date: '%Y %b %-d' }} {{ 5 | divided_by: 2 | plus: 1.5 }}",
        "{% for i in (1..3) %}{% for j in (1..i) %}{{ j }}{% break %}{% endfor %}{% endfor %}",
        "{{ 12 | currency }} {{ 'a b' | url_encode }} {{ '<b>' | escape | strip_html }}",
    ]
    static let fragments = [
        "{{", "}}", "{%", "%}", "{{-", "-}}", "{%-", "-%}", "if", "endif", "for", "endfor", "in", "(1..3)",
        "|", ":", ",", "'", "\"", "[", "]", ".", "..", "==", "<", "contains", "and", "or", "else", "elsif",
        "case", "when", "endcase", "assign", "=", "capture", "endcapture", "raw", "endraw", "comment",
        "endcomment", "break", "continue", "forloop.index", "data.items[0]", "nil", "empty", "-1", "99999999999",
        "upcase", "date", "plus", "slice", "sort", "where", "split", "\n", " ", "é", "🌍", "\\", "{", "}", "%",
    ]

    @Test func fiveThousandMutatedTemplatesNeverCrash() {
        var rng = SplitMix(state: 0xC0FFEE)
        var rendered = 0
        var failed = 0
        let options = LiquidRenderOptions(now: fixedNow, maxIterations: 10_000, maxOutputBytes: 100_000)
        for _ in 0..<5_000 {
            var chars = Array(Self.seeds[rng.below(Self.seeds.count)])
            for _ in 0..<(1 + rng.below(6)) {
                let position = chars.isEmpty ? 0 : rng.below(chars.count + 1)
                switch rng.below(4) {
                case 0 where !chars.isEmpty:
                    chars.remove(at: min(position, chars.count - 1))
                case 1:
                    chars.insert(contentsOf: Self.fragments[rng.below(Self.fragments.count)], at: position)
                case 2 where !chars.isEmpty:
                    let end = min(chars.count, position + rng.below(8))
                    if position < end { chars.removeSubrange(position..<end) }
                default:
                    let other = Array(Self.seeds[rng.below(Self.seeds.count)])
                    let cut = rng.below(other.count)
                    chars.insert(contentsOf: other[cut...], at: position)
                }
            }
            do {
                _ = try LiquidTemplate(parsing: String(chars)).render(sampleContext, options: options)
                rendered += 1
            } catch {
                failed += 1
            }
        }
        #expect(rendered + failed == 5_000)
        #expect(rendered > 500)  // mutations must not make every template invalid
    }

    @Test func randomBytesNeverCrashTheMarkdownRenderer() {
        var rng = SplitMix(state: 42)
        let alphabet = Array("*_`[]()<>!#->\\ \n\tab1.&;:/\"'~=")
        for _ in 0..<2_000 {
            let text = String((0..<rng.below(80)).map { _ in alphabet[rng.below(alphabet.count)] })
            _ = MarkdownRenderer.render(text)
        }
    }
}

@Suite("Template limits")
struct TemplateLimitTests {
    /// Extreme numbers that once could overflow integer arithmetic must fail or render, not trap.
    @Test(arguments: [
        "{% for i in (-9223372036854775807..9223372036854775807) %}{% endfor %}",
        "{{ (-9223372036854775807..9223372036854775807) | size }}",
        "{% for i in (9223372036854775800..9223372036854775807) offset: 9223372036854775807 limit: 9223372036854775807 %}{{ i }}{% endfor %}",
        "{{ 'abc' | slice: 1, 9223372036854775807 }}",
        "{{ 9223372036854775807 | date: '%Y' }}",
        "{{ 99999999999999999999 | date: '%Y' }}",
        "{{ '9223372036854775807' | date: '%Y' }}",
        "{{ 'now' | date: '%99999999999999999999d' }}",
        "{{ 9223372036854775807 | plus: 1 }}",
        "{{ -9223372036854775807 | minus: 10 | abs }}",
        "{{ 9223372036854775807 | times: 9223372036854775807 | round: -99 }}",
        "{{ 1.5 | round: 9223372036854775807 }}",
    ])
    func extremeNumbers(source: String) {
        _ = try? render(source)
    }

    @Test func extremeValuesRenderSensibly() throws {
        #expect(try render("{{ 'abc' | slice: 1, 9223372036854775807 }}") == "bc")
        #expect(try render("{{ 9223372036854775807 | date: '%Y' }}") == "9223372036854775807")
        #expect(try render("{{ 'now' | date: '%05d' }}") == "00005")
    }

    @Test func deeplyNestedLinksStayBounded() {
        let source = String(repeating: "[", count: 3_000) + "x" + String(repeating: "](u)", count: 3_000)
        #expect(!MarkdownRenderer.render(source).isEmpty)
    }
}
