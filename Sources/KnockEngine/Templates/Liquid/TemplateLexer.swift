/// A piece of template source: literal text, an output `{{ }}` or a tag `{% %}`.
enum TemplateToken: Sendable {
    case text(String)
    case output(markup: String, SourcePosition)
    case tag(name: String, markup: String, SourcePosition)
}

/// Splits template source into text, outputs and tags, applying whitespace control (`{{-`, `-}}`,
/// `{%-`, `-%}`) and swallowing `raw` and `comment` bodies so they are never parsed.
///
/// Works on UTF-8 bytes: the delimiters are ASCII, so byte scanning is exact and avoids
/// `String.Index` arithmetic in the one loop that touches every character of a template.
struct TemplateLexer {
    private let bytes: [UInt8]
    private var index = 0
    // Position tracking is incremental: `line`/`column` describe `trackedIndex`.
    private var trackedIndex = 0
    private var line = 1
    private var column = 1
    private var tokens: [TemplateToken] = []
    /// Set by a `-}}`/`-%}`: the next text loses its leading whitespace.
    private var trimNextText = false

    init(_ source: String) {
        bytes = Array(source.utf8)
    }

    static func tokenize(_ source: String) throws(TemplateError) -> [TemplateToken] {
        var lexer = TemplateLexer(source)
        try lexer.run()
        return lexer.tokens
    }

    private mutating func run() throws(TemplateError) {
        var textStart = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), index + 1 < bytes.count,
                bytes[index + 1] == UInt8(ascii: "{") || bytes[index + 1] == UInt8(ascii: "%")
            else {
                index += 1
                continue
            }
            let isOutput = bytes[index + 1] == UInt8(ascii: "{")
            let open = index
            let position = self.position(of: open)
            var contentStart = open + 2
            let trimLeft = contentStart < bytes.count && bytes[contentStart] == UInt8(ascii: "-")
            if trimLeft { contentStart += 1 }
            emitText(from: textStart, to: open, trimRight: trimLeft)

            guard let close = findClose(from: contentStart, output: isOutput) else {
                let what = isOutput ? "output '{{' was not closed with '}}'" : "tag '{%' was not closed with '%}'"
                throw TemplateError(.parse, what, at: position)
            }
            var contentEnd = close
            let trimRight = contentEnd > contentStart && bytes[contentEnd - 1] == UInt8(ascii: "-")
            if trimRight { contentEnd -= 1 }
            let markup = string(contentStart, contentEnd)
            index = close + 2
            textStart = index
            trimNextText = trimRight

            if isOutput {
                tokens.append(.output(markup: markup, position))
                continue
            }
            let (name, rest) = Self.splitTagName(markup)
            switch name {
            case "raw":
                let body = try verbatimBody(until: "endraw", nesting: nil, opened: position)
                tokens.append(.text(body))
                textStart = index
            case "comment":
                _ = try verbatimBody(until: "endcomment", nesting: "comment", opened: position)
                textStart = index
            case "#":
                break  // inline comment
            default:
                tokens.append(.tag(name: name, markup: rest, position))
            }
        }
        emitText(from: textStart, to: bytes.count, trimRight: false)
    }

    /// Appends literal text, trimming per the whitespace-control markers around it.
    private mutating func emitText(from start: Int, to end: Int, trimRight: Bool) {
        var s = start
        var e = end
        if trimNextText { while s < e && Self.isSpace(bytes[s]) { s += 1 } }
        if trimRight { while e > s && Self.isSpace(bytes[e - 1]) { e -= 1 } }
        trimNextText = false
        if s < e { tokens.append(.text(string(s, e))) }
    }

    /// Finds the `}}` or `%}` that closes a delimiter, skipping quoted strings so that
    /// `{{ "}}" }}` works.
    private func findClose(from start: Int, output: Bool) -> Int? {
        let closer = output ? UInt8(ascii: "}") : UInt8(ascii: "%")
        var i = start
        var quote: UInt8? = nil
        while i < bytes.count {
            let b = bytes[i]
            if let q = quote {
                if b == q { quote = nil }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == closer, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "}") {
                return i
            }
            i += 1
        }
        // An unbalanced quote inside the tag: fall back to the first closer, as Liquid does.
        if quote != nil {
            i = start
            while i + 1 < bytes.count {
                if bytes[i] == closer && bytes[i + 1] == UInt8(ascii: "}") { return i }
                i += 1
            }
        }
        return nil
    }

    /// Skips to the matching end tag of `raw`/`comment`, returning the body text (with the
    /// whitespace control of the surrounding tags applied) and moving `index` past the end tag.
    private mutating func verbatimBody(until endName: String, nesting: String?, opened: SourcePosition)
        throws(TemplateError) -> String
    {
        var depth = 1
        var i = index
        while i + 1 < bytes.count {
            guard bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "%") else {
                i += 1
                continue
            }
            var j = i + 2
            let trimLeft = j < bytes.count && bytes[j] == UInt8(ascii: "-")
            if trimLeft { j += 1 }
            guard let close = findClose(from: j, output: false) else { break }
            var markupEnd = close
            let trimRight = markupEnd > j && bytes[markupEnd - 1] == UInt8(ascii: "-")
            if trimRight { markupEnd -= 1 }
            let (name, _) = Self.splitTagName(string(j, markupEnd))
            if name == nesting { depth += 1 }
            if name == endName {
                depth -= 1
                if depth == 0 {
                    var s = index
                    var e = i
                    if trimNextText { while s < e && Self.isSpace(bytes[s]) { s += 1 } }
                    if trimLeft { while e > s && Self.isSpace(bytes[e - 1]) { e -= 1 } }
                    index = close + 2
                    trimNextText = trimRight
                    return string(s, e)
                }
            }
            i = close + 2
        }
        throw TemplateError(.parse, "'\(endName.dropFirst(3))' tag was never closed with '\(endName)'", at: opened)
    }

    /// Line and column of a byte offset; offsets are requested in increasing order.
    private mutating func position(of offset: Int) -> SourcePosition {
        while trackedIndex < offset {
            let b = bytes[trackedIndex]
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1  // count characters, not UTF-8 continuation bytes
            }
            trackedIndex += 1
        }
        return SourcePosition(line: line, column: column)
    }

    private func string(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C || b == 0x0B
    }

    /// `" if a > b "` → `("if", "a > b")`; `"#note"` → `("#", "note")`.
    static func splitTagName(_ markup: String) -> (String, String) {
        let utf8 = Array(markup.utf8)
        var i = 0
        while i < utf8.count && isSpace(utf8[i]) { i += 1 }
        if i < utf8.count && utf8[i] == UInt8(ascii: "#") {
            return ("#", String(decoding: utf8[(i + 1)...], as: UTF8.self))
        }
        let start = i
        while i < utf8.count && !isSpace(utf8[i]) { i += 1 }
        let name = String(decoding: utf8[start..<i], as: UTF8.self)
        return (name, String(decoding: utf8[i...], as: UTF8.self))
    }
}
