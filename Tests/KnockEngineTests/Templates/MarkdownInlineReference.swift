import KnockCore

@testable import KnockEngine

/// The inline markdown renderer as it was before session 8, walking `Character`s: the
/// reference the byte-level `MarkdownInline` is compared with on generated text
/// (`MarkdownRendererTests.bytesRenderLikeCharacters`).
enum MarkdownInlineReference {
    /// One piece of output: finished HTML, or a run of `*`/`_` that may become emphasis.
    private struct Piece {
        var html: String
        var delimiter: Character? = nil
        var count = 0
        var originalCount = 0
        var canOpen = false
        var canClose = false
        var openTags: [String] = []
        var closeTags: [String] = []
    }

    /// Links inside link text nest at most this deep; deeper brackets stay literal text.
    private static let maxLinkDepth = 8

    static func render(_ text: String) -> String { render(text, depth: 0) }

    private static func render(_ text: String, depth: Int) -> String {
        var pieces: [Piece] = []
        let chars = Array(text)
        var buffer = ""
        func flush() {
            if !buffer.isEmpty { pieces.append(Piece(html: buffer)) }
            buffer = ""
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\\":
                if i + 1 < chars.count, chars[i + 1] == "\n" {
                    buffer += "<br />\n"
                    i += 2
                    continue
                }
                if i + 1 < chars.count, isASCIIPunctuation(chars[i + 1]) {
                    buffer += HTML.escape(String(chars[i + 1]))
                    i += 2
                    continue
                }
                buffer += "\\"
                i += 1
            case "`":
                let run = countRun(chars, i, "`")
                if let end = findBacktickRun(chars, from: i + run, length: run) {
                    buffer += "<code>" + HTML.escape(codeSpanContent(chars[(i + run)..<end])) + "</code>"
                    i = end + run
                } else {
                    buffer += String(repeating: "`", count: run)
                    i += run
                }
            case "*", "_":
                flush()
                let run = countRun(chars, i, c)
                let before: Character? = i > 0 ? chars[i - 1] : nil
                let after: Character? = i + run < chars.count ? chars[i + run] : nil
                pieces.append(delimiterPiece(c, run, before: before, after: after))
                i += run
            case "!" where i + 1 < chars.count && chars[i + 1] == "[" && depth < maxLinkDepth:
                if let (link, end) = parseLink(chars, openBracket: i + 1, image: true, nesting: depth) {
                    buffer += link
                    i = end
                } else {
                    buffer += "!"
                    i += 1
                }
            case "[" where depth < maxLinkDepth:
                if let (link, end) = parseLink(chars, openBracket: i, image: false, nesting: depth) {
                    flush()
                    pieces.append(Piece(html: link))
                    i = end
                } else {
                    buffer += "["
                    i += 1
                }
            case "<":
                if let (link, end) = parseAutolink(chars, i) {
                    buffer += link
                    i = end
                } else {
                    buffer += "&lt;"
                    i += 1
                }
            case "&":
                let bytes = Array(String(chars[i..<min(chars.count, i + 40)]).utf8)
                if let end = HTML.entityEnd(bytes, from: 0) {
                    let entity = String(decoding: bytes[0...end], as: UTF8.self)
                    buffer += entity
                    i += entity.count
                } else {
                    buffer += "&amp;"
                    i += 1
                }
            case "\n":
                // Two trailing spaces make a hard break; otherwise a soft break.
                var trailing = 0
                while buffer.hasSuffix(" ") {
                    buffer.removeLast()
                    trailing += 1
                }
                buffer += trailing >= 2 ? "<br />\n" : "\n"
                i += 1
            default:
                // Copy the run of ordinary characters in one go rather than one String per character.
                var j = i + 1
                while j < chars.count, !isSpecial(chars[j]) { j += 1 }
                buffer += HTML.escape(String(chars[i..<j]))
                i = j
            }
        }
        flush()
        processEmphasis(&pieces)
        var out = ""
        for piece in pieces {
            if piece.delimiter != nil {
                out += piece.closeTags.joined()
                out += String(repeating: piece.delimiter!, count: piece.count)
                out += piece.openTags.joined()
            } else {
                out += piece.html
            }
        }
        return out
    }

    // MARK: Emphasis

    private static func delimiterPiece(_ c: Character, _ run: Int, before: Character?, after: Character?) -> Piece {
        let beforeSpace = before.map { $0.isWhitespace } ?? true
        let afterSpace = after.map { $0.isWhitespace } ?? true
        let beforePunct = before.map(isPunctuation) ?? false
        let afterPunct = after.map(isPunctuation) ?? false
        let leftFlanking = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
        let rightFlanking = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
        var piece = Piece(html: "", delimiter: c, count: run, originalCount: run)
        if c == "*" {
            piece.canOpen = leftFlanking
            piece.canClose = rightFlanking
        } else {
            piece.canOpen = leftFlanking && (!rightFlanking || beforePunct)
            piece.canClose = rightFlanking && (!leftFlanking || afterPunct)
        }
        return piece
    }

    /// Pairs closers with the nearest compatible opener, innermost first.
    private static func processEmphasis(_ pieces: inout [Piece]) {
        var closer = 0
        while closer < pieces.count {
            guard pieces[closer].delimiter != nil, pieces[closer].canClose, pieces[closer].count > 0 else {
                closer += 1
                continue
            }
            var opener = closer - 1
            var found = false
            while opener >= 0 {
                let o = pieces[opener]
                let c = pieces[closer]
                if o.delimiter == c.delimiter, o.canOpen, o.count > 0 {
                    let ruleOfThree =
                        (o.canClose || c.canOpen) && (o.originalCount + c.originalCount) % 3 == 0
                        && !(o.originalCount % 3 == 0 && c.originalCount % 3 == 0)
                    if !ruleOfThree {
                        found = true
                        break
                    }
                }
                opener -= 1
            }
            guard found else {
                closer += 1
                continue
            }
            let use = pieces[closer].count >= 2 && pieces[opener].count >= 2 ? 2 : 1
            let tag = use == 2 ? "strong" : "em"
            pieces[opener].count -= use
            pieces[closer].count -= use
            pieces[opener].openTags.insert("<\(tag)>", at: 0)
            pieces[closer].closeTags.append("</\(tag)>")
            // Delimiters between the pair can no longer match anything.
            for k in (opener + 1)..<closer where pieces[k].delimiter != nil {
                pieces[k].canOpen = false
                pieces[k].canClose = false
            }
            if pieces[closer].count == 0 { closer += 1 }
        }
    }

    // MARK: Code, links and autolinks

    private static func countRun(_ chars: [Character], _ start: Int, _ c: Character) -> Int {
        var n = 0
        while start + n < chars.count, chars[start + n] == c { n += 1 }
        return n
    }

    private static func findBacktickRun(_ chars: [Character], from start: Int, length: Int) -> Int? {
        var i = start
        while i < chars.count {
            if chars[i] == "`" {
                let run = countRun(chars, i, "`")
                if run == length { return i }
                i += run
            } else {
                i += 1
            }
        }
        return nil
    }

    private static func codeSpanContent(_ chars: ArraySlice<Character>) -> String {
        var s = String(chars.map { $0 == "\n" ? " " : $0 })
        if s.count >= 2, s.first == " ", s.last == " ", !s.allSatisfy({ $0 == " " }) {
            s = String(s.dropFirst().dropLast())
        }
        return s
    }

    /// `[text](destination "title")` starting at `openBracket`; returns the HTML and the index
    /// after the closing parenthesis.
    private static func parseLink(_ chars: [Character], openBracket: Int, image: Bool, nesting: Int) -> (String, Int)? {
        var depth = 0
        var i = openBracket
        var closeBracket: Int? = nil
        while i < chars.count {
            switch chars[i] {
            case "\\": i += 1
            case "`":
                let run = countRun(chars, i, "`")
                if let end = findBacktickRun(chars, from: i + run, length: run) { i = end + run - 1 } else { i += run - 1 }
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { closeBracket = i }
            default: break
            }
            if closeBracket != nil { break }
            i += 1
        }
        guard let close = closeBracket, close + 1 < chars.count, chars[close + 1] == "(" else { return nil }
        i = close + 2
        func skipSpaces() { while i < chars.count, chars[i] == " " || chars[i] == "\n" { i += 1 } }
        skipSpaces()
        var destination = ""
        if i < chars.count, chars[i] == "<" {
            i += 1
            while i < chars.count, chars[i] != ">", chars[i] != "\n" {
                destination.append(chars[i])
                i += 1
            }
            guard i < chars.count, chars[i] == ">" else { return nil }
            i += 1
        } else {
            var parens = 0
            while i < chars.count, !chars[i].isWhitespace {
                if chars[i] == "(" { parens += 1 }
                if chars[i] == ")" {
                    if parens == 0 { break }
                    parens -= 1
                }
                if chars[i] == "\\", i + 1 < chars.count, isASCIIPunctuation(chars[i + 1]) { i += 1 }
                destination.append(chars[i])
                i += 1
            }
        }
        skipSpaces()
        var title: String? = nil
        if i < chars.count, chars[i] == "\"" || chars[i] == "'" || chars[i] == "(" {
            let end: Character = chars[i] == "(" ? ")" : chars[i]
            var t = ""
            i += 1
            while i < chars.count, chars[i] != end {
                t.append(chars[i])
                i += 1
            }
            guard i < chars.count else { return nil }
            i += 1
            title = t
            skipSpaces()
        }
        guard i < chars.count, chars[i] == ")" else { return nil }
        let inner = String(chars[(openBracket + 1)..<close])
        let href = HTML.escape(MarkdownInline.safeURL(destination))
        let titleAttribute = title.map { " title=\"\(HTML.escape($0))\"" } ?? ""
        if image {
            return ("<img src=\"\(href)\" alt=\"\(HTML.escape(plainText(inner)))\"\(titleAttribute) />", i + 1)
        }
        return ("<a href=\"\(href)\"\(titleAttribute)>\(render(inner, depth: nesting + 1))</a>", i + 1)
    }

    private static func parseAutolink(_ chars: [Character], _ start: Int) -> (String, Int)? {
        var i = start + 1
        var target = ""
        while i < chars.count, chars[i] != ">" {
            if chars[i].isWhitespace || chars[i] == "<" { return nil }
            target.append(chars[i])
            i += 1
        }
        guard i < chars.count else { return nil }
        let lower = target.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") {
            let href = HTML.escape(MarkdownInline.safeURL(target))
            return ("<a href=\"\(href)\">\(HTML.escape(target))</a>", i + 1)
        }
        if target.contains("@"), !target.contains(":"), target.split(separator: "@").count == 2 {
            return ("<a href=\"mailto:\(HTML.escape(target))\">\(HTML.escape(target))</a>", i + 1)
        }
        return nil
    }

    /// Alt text: the inline text with markup removed.
    private static func plainText(_ s: String) -> String {
        String(s.filter { $0 != "*" && $0 != "_" && $0 != "`" && $0 != "[" && $0 != "]" })
    }

    /// Characters that may start inline syntax.
    private static func isSpecial(_ c: Character) -> Bool {
        switch c {
        case "\\", "`", "*", "_", "!", "[", "<", "&", "\n": return true
        default: return false
        }
    }

    private static func isASCIIPunctuation(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return (0x21...0x2F).contains(a) || (0x3A...0x40).contains(a) || (0x5B...0x60).contains(a)
            || (0x7B...0x7E).contains(a)
    }

    private static func isPunctuation(_ c: Character) -> Bool {
        isASCIIPunctuation(c) || c.isPunctuation || c.isSymbol
    }
}
