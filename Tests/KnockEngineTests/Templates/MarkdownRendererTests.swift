import KnockCore
import Testing

@testable import KnockEngine

@Suite("In-app markdown")
struct MarkdownRendererTests {
    @Test(arguments: [
        ("Hey **Ellie**", "<p>Hey <strong>Ellie</strong></p>"),
        ("This is a message in an app feed", "<p>This is a message in an app feed</p>"),
        ("## Welcome to Isla Nublar", "<h2>Welcome to Isla Nublar</h2>"),
        ("""
         Your tour will begin shortly. During your visit, please:

         * Stay in the vehicles at all times
         * Do not feed or provoke the animals
         * Follow all staff instructions
         """,
         "<p>Your tour will begin shortly. During your visit, please:</p><ul><li>Stay in the vehicles at all times</li><li>Do not feed or provoke the animals</li><li>Follow all staff instructions</li></ul>"),
        ("*em* and _em_ and __strong__", "<p><em>em</em> and <em>em</em> and <strong>strong</strong></p>"),
        ("***both***", "<p><em><strong>both</strong></em></p>"),
        ("**unclosed", "<p>**unclosed</p>"),
        ("snake_case_name and 2*3*4", "<p>snake_case_name and 2<em>3</em>4</p>"),
        ("a * b * c", "<p>a * b * c</p>"),
        ("Use `a < b` here", "<p>Use <code>a &lt; b</code> here</p>"),
        ("``code with ` tick``", "<p><code>code with ` tick</code></p>"),
        ("[Knock](https://knock.app \"Title\")", "<p><a href=\"https://knock.app\" title=\"Title\">Knock</a></p>"),
        ("[**bold** link](/path?a=1&b=2)", "<p><a href=\"/path?a=1&amp;b=2\"><strong>bold</strong> link</a></p>"),
        ("![logo](https://x.test/l.png)", "<p><img src=\"https://x.test/l.png\" alt=\"logo\" /></p>"),
        ("<https://knock.app>", "<p><a href=\"https://knock.app\">https://knock.app</a></p>"),
        ("[click](javascript:alert(1))", "<p><a href=\"#\">click</a></p>"),
        ("<script>alert('x')</script>", "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>"),
        ("Tom & Jerry &amp; friends", "<p>Tom &amp; Jerry &amp; friends</p>"),
        ("\\*not em\\*", "<p>*not em*</p>"),
        ("line one\nline two", "<p>line one\nline two</p>"),
        ("hard  \nbreak", "<p>hard<br />\nbreak</p>"),
        ("back\\\nslash", "<p>back<br />\nslash</p>"),
        ("para one\n\npara two", "<p>para one</p><p>para two</p>"),
        ("# H1\n###### H6 ##", "<h1>H1</h1><h6>H6</h6>"),
        ("#nospace", "<p>#nospace</p>"),
        ("Title\n=====\nSub\n---", "<h1>Title</h1><h2>Sub</h2>"),
        ("```swift\nlet a = 1 < 2\n```", "<pre><code class=\"language-swift\">let a = 1 &lt; 2\n</code></pre>"),
        ("~~~\nplain\n\nblock\n~~~", "<pre><code>plain\n\nblock\n</code></pre>"),
        ("    indented\n    code", "<pre><code>indented\ncode\n</code></pre>"),
        ("> quoted **text**\n> more", "<blockquote><p>quoted <strong>text</strong>\nmore</p></blockquote>"),
        ("1. one\n2. two", "<ol><li>one</li><li>two</li></ol>"),
        ("3. three\n4. four", "<ol start=\"3\"><li>three</li><li>four</li></ol>"),
        ("- a\n\n- b", "<ul><li><p>a</p></li><li><p>b</p></li></ul>"),
        ("- a\n  - nested\n- b", "<ul><li>a<ul><li>nested</li></ul></li><li>b</li></ul>"),
        ("- item\ncontinued", "<ul><li>item\ncontinued</li></ul>"),
        ("text\n- list", "<p>text</p><ul><li>list</li></ul>"),
        ("a\n\n---\n\nb", "<p>a</p><hr /><p>b</p>"),
        ("", ""),
        ("   \n\n", ""),
    ])
    func markdown(source: String, expected: String) {
        #expect(MarkdownRenderer.render(source) == expected)
    }

    @Test func liquidThenMarkdownLikeAnInAppBlock() throws {
        let content = "Hey **{{ recipient.name }}**, {{ actor.name }} commented: {{ data.comment }}"
        let context: JSON = ["recipient": ["name": "Ellie"], "actor": ["name": "Al"], "data": ["comment": "<b>hi</b>"]]
        let rendered = MarkdownRenderer.render(try LiquidTemplate(parsing: content).render(context))
        #expect(rendered == "<p>Hey <strong>Ellie</strong>, Al commented: &lt;b&gt;hi&lt;/b&gt;</p>")
    }

    /// The byte-level inline renderer gives what the `Character` one gave, on generated text
    /// mixing every inline syntax with non-ASCII letters, punctuation, symbols and whitespace
    /// (flanking rules decode the character beside a delimiter run).
    @Test func bytesRenderLikeCharacters() {
        var rng = TemplateFuzzTests.SplitMix(state: 8)
        let alphabet: [String] = Array("*_`[]()<>!&;#x:/\\\"' \nab1.@-").map(String.init)
            + ["é", "e\u{301}", "日", "。", "«", "»", "€", "😀", "\u{00A0}", "\u{3000}", "—", "**", "__", "](", "&amp;",
               "&#39;", "https://k.test/", "mailto:a@b.c", "  \n"]
        var compared = 0
        for _ in 0..<5_000 {
            let text = (0..<rng.below(40)).map { _ in alphabet[rng.below(alphabet.count)] }.joined()
            let bytes = MarkdownInline.render(text)
            let characters = MarkdownInlineReference.render(text)
            #expect(bytes == characters, "\(text.debugDescription)")
            compared += 1
            if bytes != characters { break }
        }
        #expect(compared == 5_000)
    }

    /// The ASCII shortcuts of the flanking rules agree with Unicode's tables.
    @Test func asciiShortcutsMatchUnicodeProperties() {
        for value in UInt32(0)..<256 {
            let s = Unicode.Scalar(value)!
            #expect(MarkdownInline.isWhitespace(s) == s.properties.isWhitespace, "\(value)")
            #expect(MarkdownInline.isPunctuation(s) == (Character(s).isPunctuation || Character(s).isSymbol), "\(value)")
        }
    }

    @Test(arguments: [
        ("snake_case_name", "snake_case_name"),
        ("**日本**語", "<strong>日本</strong>語"),
        ("«*quoted*»", "«<em>quoted</em>»"),
        ("a\u{00A0}*b*\u{00A0}c", "a\u{00A0}<em>b</em>\u{00A0}c"),
        ("café_au_lait_", "café_au_lait_"),
        ("5 € & <b>", "5 € &amp; &lt;b&gt;"),
        ("[lien é](https://k.test/é \"tïtle\")", "<a href=\"https://k.test/é\" title=\"tïtle\">lien é</a>"),
        ("![a*l*t 😀](x.png)", "<img src=\"x.png\" alt=\"alt 😀\" />"),
        ("&eacute; &#x1F600; &#128512; &bogus", "&eacute; &#x1F600; &#128512; &amp;bogus"),
    ])
    func inlineOutsideASCII(source: String, expected: String) {
        #expect(MarkdownInline.render(source) == expected)
    }

    @Test func deeplyNestedQuotesDoNotCrash() {
        let source = String(repeating: ">", count: 5_000) + " deep"
        #expect(MarkdownRenderer.render(source).hasPrefix("<blockquote>"))
    }
}
