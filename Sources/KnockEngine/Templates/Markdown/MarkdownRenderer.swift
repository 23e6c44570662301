/// Renders Knock in-app markdown to HTML: a CommonMark subset without raw HTML.
///
/// Blocks: paragraphs, ATX headings (`#`…`######`), fenced (```` ``` ````/`~~~`) and indented
/// code, block quotes, bullet (`-`, `*`, `+`) and ordered lists (tight lists without `<p>`),
/// thematic breaks. Inlines: emphasis and strong (`*`, `_`), inline code, links and images
/// (`[text](url "title")`), autolinks (`<https://…>`), backslash escapes, hard breaks (two
/// trailing spaces or `\`). All text is HTML-escaped, raw HTML included, and `javascript:`-style
/// link targets are dropped. Blocks are joined without newlines, as Knock's `rendered` fields are.
///
/// ```swift
/// MarkdownRenderer.render("Hey **Ellie**")    // "<p>Hey <strong>Ellie</strong></p>"
/// MarkdownRenderer.render("- a\n- b")         // "<ul><li>a</li><li>b</li></ul>"
/// ```
public enum MarkdownRenderer {
    public static func render(_ markdown: String) -> String {
        if let line = singleLineParagraph(markdown) { return "<p>" + MarkdownInline.render(String(line)) + "</p>" }
        let text = markdown.utf8.contains(0x0D) ? markdown.replacingAll("\r\n", with: "\n") : markdown
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { expandTabs(String($0)) }
        var out = ""
        renderBlocks(lines[...], into: &out, depth: 0)
        return out
    }

    /// Nesting bound for quotes and lists, so hostile input cannot exhaust the stack.
    private static let maxDepth = 32

    private static func renderBlocks(_ lines: ArraySlice<String>, into out: inout String, depth: Int) {
        var blocks = MarkdownBlockParser.parse(Array(lines))
        if depth >= maxDepth {
            blocks = blocks.map { block in
                if case .quote(let inner) = block { return .paragraph(inner) }
                return block
            }
        }
        for block in blocks { renderBlock(block, into: &out, depth: depth) }
    }

    private static func renderBlock(_ block: MarkdownBlock, into out: inout String, depth: Int) {
        switch block {
        case .paragraph(let lines):
            out += "<p>" + MarkdownInline.render(paragraphText(lines)) + "</p>"
        case .heading(let level, let text):
            out += "<h\(level)>" + MarkdownInline.render(text) + "</h\(level)>"
        case .code(let info, let lines):
            let language = info.split(separator: " ").first.map(String.init) ?? ""
            out += language.isEmpty ? "<pre><code>" : "<pre><code class=\"language-\(HTML.escape(language))\">"
            for line in lines { out += HTML.escape(line) + "\n" }
            out += "</code></pre>"
        case .quote(let lines):
            out += "<blockquote>"
            renderBlocks(lines[...], into: &out, depth: depth + 1)
            out += "</blockquote>"
        case .rule:
            out += "<hr />"
        case .list(let list):
            if list.ordered {
                out += list.start == 1 ? "<ol>" : "<ol start=\"\(list.start)\">"
            } else {
                out += "<ul>"
            }
            for item in list.items {
                out += "<li>"
                if depth >= maxDepth {
                    out += MarkdownInline.render(item.joined(separator: "\n"))
                } else if list.tight {
                    // Tight lists put paragraph text straight into `<li>`.
                    for inner in MarkdownBlockParser.parse(item) {
                        if case .paragraph(let lines) = inner {
                            out += MarkdownInline.render(paragraphText(lines))
                        } else {
                            renderBlock(inner, into: &out, depth: depth + 1)
                        }
                    }
                } else {
                    renderBlocks(item[...], into: &out, depth: depth + 1)
                }
                out += "</li>"
            }
            out += list.ordered ? "</ol>" : "</ul>"
        }
    }

    /// One line starting with an ASCII letter can only be a paragraph (no block marker starts
    /// with a letter): its text without trailing spaces, skipping the block parser. Most feed
    /// bodies are one such line, rendered once per recipient of a fan-out.
    static func singleLineParagraph(_ markdown: String) -> Substring? {
        let bytes = markdown.utf8
        guard let first = bytes.first, (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first),
              !bytes.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return nil }
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == 0x20 { end = bytes.index(before: end) }
        return markdown[markdown.startIndex..<end]
    }

    /// Paragraph lines lose their indentation; trailing spaces stay (they may be hard breaks)
    /// except at the very end.
    private static func paragraphText(_ lines: [String]) -> String {
        let joined = lines.map { String($0.drop { $0 == " " }) }.joined(separator: "\n")
        return String(joined[..<(joined.lastIndex { $0 != " " }.map { joined.index(after: $0) } ?? joined.startIndex)])
    }

    private static func expandTabs(_ line: String) -> String {
        guard line.utf8.contains(0x09) else { return line }
        var out = ""
        var column = 0
        for c in line {
            if c == "\t" {
                let n = 4 - column % 4
                out += String(repeating: " ", count: n)
                column += n
            } else {
                out.append(c)
                column += 1
            }
        }
        return out
    }
}
