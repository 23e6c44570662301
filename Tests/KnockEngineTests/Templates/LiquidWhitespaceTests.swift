import KnockCore
import Testing

@testable import KnockEngine

@Suite("Liquid whitespace control")
struct LiquidWhitespaceTests {
    @Test(arguments: [
        ("a  {{- name }}", "aAda"),
        ("{{ name -}}  \n b", "Adab"),
        ("a \n {{- name -}} \n b", "aAdab"),
        ("a\n{%- if yes -%}\n  b\n{%- endif -%}\nc", "abc"),
        ("{% if yes %}\n  b\n{% endif %}", "\n  b\n"),
        ("<ul>\n{%- for t in tags %}\n  <li>{{ t }}</li>\n{%- endfor %}\n</ul>",
         "<ul>\n  <li>b</li>\n  <li>a</li>\n  <li>c</li>\n</ul>"),
        ("x {%- assign a = 1 -%} y", "xy"),
        ("x {%- raw -%} {{ kept }} {%- endraw -%} y", "x{{ kept }}y"),
        ("x {%- comment -%} gone {%- endcomment -%} y", "xy"),
        ("{{- name -}}", "Ada"),
    ])
    func trimming(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }
}
