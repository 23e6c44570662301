import KnockScript

/// Where a statement writes a value literally, as a whole token: a plain string (`"3f2b…"`,
/// `'3f2b…'`) or a bare word, including one the lexer splits into glued pieces (`3f2b8c1e-5d4a-…`
/// lexes as a number, words and dashes without spaces between). Record keys (`u1: …`), calls
/// (`u1(…)`), field names after a dot and text inside interpolated strings are not sites.
///
/// ```swift
/// LiteralSites.find(in: #"bulk-operations get 3f2b-9a {x: "3f2b-9a"}"#)
/// // [(range: 20..<27, text: "3f2b-9a"), (range: 32..<41, text: "3f2b-9a")]
/// ```
enum LiteralSites {
    struct Site: Equatable {
        /// Byte offsets of the whole token (quotes included) in the source.
        var range: Range<Int>
        /// The value it writes.
        var text: String
    }

    static func find(in source: String) -> [Site] {
        var lexer = Lexer(file: SourceFile(path: "<input>", text: source))
        let tokens = lexer.tokenize()
        let bytes = Array(source.utf8)
        var sites: [Site] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            switch token.kind {
            case .string(let parts) where parts.count == 1:
                if case .text(let text) = parts[0], !isKey(after: i, tokens) { sites.append(Site(range: token.start..<token.end, text: text)) }
                i += 1
            case .rawString(let text):
                if !isKey(after: i, tokens) { sites.append(Site(range: token.start..<token.end, text: text)) }
                i += 1
            case _ where isWordPiece(token) && startsWord(i, tokens):
                // The glued run of pieces from here: one bare word as the user typed it.
                var j = i + 1
                while j < tokens.count, !tokens[j].spaceBefore, isWordPiece(tokens[j]) { j += 1 }
                let end = tokens[j - 1].end
                if !isKey(after: j - 1, tokens) && !isCall(after: j - 1, tokens) {
                    sites.append(Site(range: token.start..<end, text: String(decoding: bytes[token.start..<end], as: UTF8.self)))
                }
                i = j
            default:
                i += 1
            }
        }
        return sites
    }

    /// Pieces a bare id can be made of: words, numbers (and what the lexer reads as durations
    /// in `5d4a`), and the joining punctuation of ids and emails.
    static func isWordPiece(_ token: Token) -> Bool {
        switch token.kind {
        case .word, .int, .double, .duration: return true
        case .symbol(let s): return [.minus, .dot, .slash, .at, .plus, .tilde].contains(s)
        default: return false
        }
    }

    /// A word starts after a space or an opening/separating symbol, never glued to a `$path`,
    /// a closing bracket or a dot (`$run.id`, `xs[0].id`), and is not a name being declared.
    static func startsWord(_ i: Int, _ tokens: [Token]) -> Bool {
        if case .symbol = tokens[i].kind { return false }
        guard i > 0 else { return true }
        if case .word(let w) = tokens[i - 1].kind, ["let", "for", "fn", "catch"].contains(w) { return false }
        return tokens[i].spaceBefore || opens(tokens[i - 1])
    }

    static func opens(_ token: Token) -> Bool {
        if case .symbol(let s) = token.kind { return [.lparen, .lbracket, .lbrace, .comma, .colon, .assign, .pipe].contains(s) }
        return false
    }

    static func isKey(after i: Int, _ tokens: [Token]) -> Bool {
        i + 1 < tokens.count && tokens[i + 1].kind == .symbol(.colon)
    }

    static func isCall(after i: Int, _ tokens: [Token]) -> Bool {
        i + 1 < tokens.count && !tokens[i + 1].spaceBefore && tokens[i + 1].kind == .symbol(.lparen)
    }
}
