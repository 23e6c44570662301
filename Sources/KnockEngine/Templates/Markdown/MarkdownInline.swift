import KnockCore

/// Inline markdown: code spans, links, images, autolinks, escapes, breaks and emphasis.
///
/// Emphasis follows CommonMark's delimiter-run rules (left/right flanking, the rule of three,
/// `_` not opening inside words), so `snake_case_name` stays literal and `***a***` nests.
///
/// Works on UTF-8 bytes: all inline syntax is ASCII, so other characters are copied through and
/// decoded only where a rule asks what they are (whitespace or punctuation beside a `*`/`_` run,
/// whitespace in a link). Walking `Character`s spent most of a one-line feed body's render on
/// grapheme breaking, once per recipient of a fan-out.
enum MarkdownInline {
    /// One piece of output: a range of finished HTML, or a run of `*`/`_` that may become emphasis.
    private struct Piece {
        /// The piece's bytes in the render's HTML buffer (empty for a delimiter run).
        var html: Range<Int> = 0..<0
        /// `*` or `_` for a delimiter run; 0 for finished HTML.
        var delimiter: UInt8 = 0
        var count = 0
        var originalCount = 0
        var canOpen = false
        var canClose = false
        var openTags: [UInt8] = []
        var closeTags: [UInt8] = []
    }

    /// Links inside link text nest at most this deep; deeper brackets stay literal text.
    private static let maxLinkDepth = 8

    static func render(_ text: String) -> String {
        let bytes = Array(text.utf8)
        // Text without syntax or characters to escape is its own HTML.
        guard bytes.contains(where: { isSpecial($0) || HTML.needsEscape($0) }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 2 + 16)
        render(bytes, depth: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func render(_ chars: [UInt8], depth: Int, into out: inout [UInt8]) {
        // Finished HTML goes into one buffer; pieces mark where each run of it ends, so text
        // between delimiters costs no allocation of its own.
        var buffer: [UInt8] = []
        buffer.reserveCapacity(chars.count + chars.count / 2 + 16)
        var pieces: [Piece] = []
        pieces.reserveCapacity(8)
        var textStart = 0
        var hasDelimiters = false
        func flush() {
            if buffer.count > textStart { pieces.append(Piece(html: textStart..<buffer.count)) }
            textStart = buffer.count
        }
        let n = chars.count
        var i = 0
        while i < n {
            let c = chars[i]
            switch c {
            case ascii("\\"):
                if i + 1 < n, chars[i + 1] == ascii("\n") {
                    buffer.append(literal: "<br />\n")
                    i += 2
                    continue
                }
                if i + 1 < n, isASCIIPunctuation(chars[i + 1]) {
                    HTML.escape(chars[(i + 1)...(i + 1)], into: &buffer)
                    i += 2
                    continue
                }
                buffer.append(c)
                i += 1
            case ascii("`"):
                let run = countRun(chars, i, c)
                if let end = findBacktickRun(chars, from: i + run, length: run) {
                    buffer.append(literal: "<code>")
                    HTML.escape(codeSpanContent(chars[(i + run)..<end]), into: &buffer)
                    buffer.append(literal: "</code>")
                    i = end + run
                } else {
                    buffer.append(contentsOf: repeatElement(c, count: run))
                    i += run
                }
            case ascii("*"), ascii("_"):
                flush()
                hasDelimiters = true
                let run = countRun(chars, i, c)
                pieces.append(delimiterPiece(c, run, before: scalar(endingAt: i, in: chars), after: scalar(startingAt: i + run, in: chars)))
                i += run
            case ascii("!") where i + 1 < n && chars[i + 1] == ascii("[") && depth < maxLinkDepth:
                if let (link, end) = parseLink(chars, openBracket: i + 1, image: true, nesting: depth) {
                    buffer += link
                    i = end
                } else {
                    buffer.append(c)
                    i += 1
                }
            case ascii("[") where depth < maxLinkDepth:
                if let (link, end) = parseLink(chars, openBracket: i, image: false, nesting: depth) {
                    buffer += link
                    i = end
                } else {
                    buffer.append(c)
                    i += 1
                }
            case ascii("<"):
                if let (link, end) = parseAutolink(chars, i) {
                    buffer += link
                    i = end
                } else {
                    buffer.append(literal: "&lt;")
                    i += 1
                }
            case ascii("&"):
                if let end = HTML.entityEnd(chars, from: i) {
                    buffer += chars[i...end]
                    i = end + 1
                } else {
                    buffer.append(literal: "&amp;")
                    i += 1
                }
            case ascii("\n"):
                // Two trailing spaces make a hard break; otherwise a soft break.
                var trailing = 0
                while buffer.count > textStart, buffer.last == ascii(" ") {
                    buffer.removeLast()
                    trailing += 1
                }
                buffer.append(literal: trailing >= 2 ? "<br />\n" : "\n")
                i += 1
            default:
                var j = i + 1
                while j < n, !isSpecial(chars[j]) { j += 1 }
                HTML.escape(chars[i..<j], into: &buffer)
                i = j
            }
        }
        guard hasDelimiters else {
            out += buffer
            return
        }
        flush()
        processEmphasis(&pieces)
        for piece in pieces {
            if piece.delimiter != 0 {
                out += piece.closeTags
                out.append(contentsOf: repeatElement(piece.delimiter, count: piece.count))
                out += piece.openTags
            } else {
                out += buffer[piece.html]
            }
        }
    }

    // MARK: Emphasis

    private static func delimiterPiece(_ c: UInt8, _ run: Int, before: Unicode.Scalar?, after: Unicode.Scalar?) -> Piece {
        let beforeSpace = before.map(isWhitespace) ?? true
        let afterSpace = after.map(isWhitespace) ?? true
        let beforePunct = before.map(isPunctuation) ?? false
        let afterPunct = after.map(isPunctuation) ?? false
        let leftFlanking = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
        let rightFlanking = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
        var piece = Piece(delimiter: c, count: run, originalCount: run)
        if c == ascii("*") {
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
            guard pieces[closer].delimiter != 0, pieces[closer].canClose, pieces[closer].count > 0 else {
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
            let strong = pieces[closer].count >= 2 && pieces[opener].count >= 2
            let use = strong ? 2 : 1
            pieces[opener].count -= use
            pieces[closer].count -= use
            pieces[opener].openTags.insert(contentsOf: strong ? Array("<strong>".utf8) : Array("<em>".utf8), at: 0)
            pieces[closer].closeTags.append(literal: strong ? "</strong>" : "</em>")
            // Delimiters between the pair can no longer match anything.
            for k in (opener + 1)..<closer where pieces[k].delimiter != 0 {
                pieces[k].canOpen = false
                pieces[k].canClose = false
            }
            if pieces[closer].count == 0 { closer += 1 }
        }
    }

    // MARK: Code, links and autolinks

    private static func countRun(_ chars: [UInt8], _ start: Int, _ c: UInt8) -> Int {
        var n = 0
        while start + n < chars.count, chars[start + n] == c { n += 1 }
        return n
    }

    private static func findBacktickRun(_ chars: [UInt8], from start: Int, length: Int) -> Int? {
        var i = start
        while i < chars.count {
            if chars[i] == ascii("`") {
                let run = countRun(chars, i, ascii("`"))
                if run == length { return i }
                i += run
            } else {
                i += 1
            }
        }
        return nil
    }

    private static func codeSpanContent(_ chars: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let s = ArraySlice(chars.map { $0 == ascii("\n") ? ascii(" ") : $0 })
        if s.count >= 2, s.first == ascii(" "), s.last == ascii(" "), !s.allSatisfy({ $0 == ascii(" ") }) {
            return s.dropFirst().dropLast()
        }
        return s
    }

    /// `[text](destination "title")` starting at `openBracket`; returns the HTML and the index
    /// after the closing parenthesis.
    private static func parseLink(_ chars: [UInt8], openBracket: Int, image: Bool, nesting: Int) -> ([UInt8], Int)? {
        let n = chars.count
        var depth = 0
        var i = openBracket
        var closeBracket: Int? = nil
        while i < n {
            switch chars[i] {
            case ascii("\\"): i += 1
            case ascii("`"):
                let run = countRun(chars, i, ascii("`"))
                if let end = findBacktickRun(chars, from: i + run, length: run) { i = end + run - 1 } else { i += run - 1 }
            case ascii("["): depth += 1
            case ascii("]"):
                depth -= 1
                if depth == 0 { closeBracket = i }
            default: break
            }
            if closeBracket != nil { break }
            i += 1
        }
        guard let close = closeBracket, close + 1 < n, chars[close + 1] == ascii("(") else { return nil }
        i = close + 2
        func skipSpaces() { while i < n, chars[i] == ascii(" ") || chars[i] == ascii("\n") { i += 1 } }
        skipSpaces()
        var destination: [UInt8] = []
        if i < n, chars[i] == ascii("<") {
            i += 1
            while i < n, chars[i] != ascii(">"), chars[i] != ascii("\n") {
                destination.append(chars[i])
                i += 1
            }
            guard i < n, chars[i] == ascii(">") else { return nil }
            i += 1
        } else {
            var parens = 0
            while i < n, !isWhitespace(chars, at: i) {
                if chars[i] == ascii("(") { parens += 1 }
                if chars[i] == ascii(")") {
                    if parens == 0 { break }
                    parens -= 1
                }
                if chars[i] == ascii("\\"), i + 1 < n, isASCIIPunctuation(chars[i + 1]) { i += 1 }
                destination.append(chars[i])
                i += 1
            }
        }
        skipSpaces()
        var title: ArraySlice<UInt8>? = nil
        if i < n, chars[i] == ascii("\"") || chars[i] == ascii("'") || chars[i] == ascii("(") {
            let end = chars[i] == ascii("(") ? ascii(")") : chars[i]
            i += 1
            let start = i
            while i < n, chars[i] != end { i += 1 }
            guard i < n else { return nil }
            title = chars[start..<i]
            i += 1
            skipSpaces()
        }
        guard i < n, chars[i] == ascii(")") else { return nil }
        let inner = Array(chars[(openBracket + 1)..<close])
        var html: [UInt8] = []
        html.append(literal: image ? "<img src=\"" : "<a href=\"")
        HTML.escape(safeURL(String(decoding: destination, as: UTF8.self)).utf8, into: &html)
        html.append(literal: "\"")
        if image {
            html.append(literal: " alt=\"")
            HTML.escape(inner.lazy.filter { !isMarkup($0) }, into: &html)
            html.append(literal: "\"")
        }
        if let title {
            html.append(literal: " title=\"")
            HTML.escape(title, into: &html)
            html.append(literal: "\"")
        }
        if image {
            html.append(literal: " />")
        } else {
            html.append(literal: ">")
            render(inner, depth: nesting + 1, into: &html)
            html.append(literal: "</a>")
        }
        return (html, i + 1)
    }

    private static func parseAutolink(_ chars: [UInt8], _ start: Int) -> ([UInt8], Int)? {
        var i = start + 1
        while i < chars.count, chars[i] != ascii(">") {
            if chars[i] == ascii("<") || isWhitespace(chars, at: i) { return nil }
            i += 1
        }
        guard i < chars.count else { return nil }
        let bytes = chars[(start + 1)..<i]
        let target = String(decoding: bytes, as: UTF8.self)
        let lower = target.lowercased()
        var html: [UInt8] = []
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") {
            html.append(literal: "<a href=\"")
            HTML.escape(safeURL(target).utf8, into: &html)
        } else if bytes.contains(ascii("@")), !bytes.contains(ascii(":")), bytes.split(separator: ascii("@")).count == 2 {
            html.append(literal: "<a href=\"mailto:")
            HTML.escape(bytes, into: &html)
        } else {
            return nil
        }
        html.append(literal: "\">")
        HTML.escape(bytes, into: &html)
        html.append(literal: "</a>")
        return (html, i + 1)
    }

    /// Drops script-capable schemes so rendered feed HTML cannot carry `javascript:` links.
    static func safeURL(_ url: String) -> String {
        let trimmed = url.trimmingWhitespace()
        guard let colon = trimmed.firstIndex(of: ":") else { return trimmed }
        let scheme = trimmed[..<colon].lowercased()
        guard scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "-" }) else {
            return trimmed
        }
        return ["javascript", "vbscript", "data", "file"].contains(scheme) ? "#" : trimmed
    }

    // MARK: Bytes and characters

    private static func ascii(_ c: Unicode.Scalar) -> UInt8 { UInt8(ascii: c) }

    /// Bytes that may start inline syntax.
    private static func isSpecial(_ b: UInt8) -> Bool {
        switch b {
        case ascii("\\"), ascii("`"), ascii("*"), ascii("_"), ascii("!"), ascii("["), ascii("<"), ascii("&"), ascii("\n"): return true
        default: return false
        }
    }

    /// What an image's alt text leaves out of its link text.
    private static func isMarkup(_ b: UInt8) -> Bool {
        b == ascii("*") || b == ascii("_") || b == ascii("`") || b == ascii("[") || b == ascii("]")
    }

    private static func isASCIIPunctuation(_ a: UInt8) -> Bool {
        (0x21...0x2F).contains(a) || (0x3A...0x40).contains(a) || (0x5B...0x60).contains(a) || (0x7B...0x7E).contains(a)
    }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return isASCIIPunctuation(UInt8(s.value)) }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// Unicode's White_Space, answered without the property tables for ASCII.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s == " " || (0x09...0x0D).contains(s.value) }
        return s.properties.isWhitespace
    }

    /// Whether the character starting at byte `i` is whitespace.
    private static func isWhitespace(_ chars: [UInt8], at i: Int) -> Bool {
        let b = chars[i]
        if b < 0x80 { return isWhitespace(Unicode.Scalar(b)) }
        return scalar(startingAt: i, in: chars).map(isWhitespace) ?? false
    }

    /// The character that starts at byte `i`; nil past the end.
    private static func scalar(startingAt i: Int, in chars: [UInt8]) -> Unicode.Scalar? {
        guard i < chars.count else { return nil }
        var bytes = chars[i...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&bytes) { return scalar }
        return nil
    }

    /// The character that ends just before byte `i`; nil at the start.
    private static func scalar(endingAt i: Int, in chars: [UInt8]) -> Unicode.Scalar? {
        guard i > 0 else { return nil }
        var start = i - 1
        while start > 0, chars[start] & 0xC0 == 0x80 { start -= 1 }
        return scalar(startingAt: start, in: chars)
    }
}
