/// A token inside `{{ }}` or `{% %}` markup.
enum ExpressionToken: Equatable, Sendable {
    case identifier(String)
    case string(String)
    case integer(Int)
    case number(Double)
    case dot
    case dotDot
    case openBracket, closeBracket
    case openParen, closeParen
    case colon, comma, pipe
    case assignSign
    case comparison(String)
    case end

    var display: String {
        switch self {
        case .identifier(let s): return s
        case .string(let s): return "\"\(s)\""
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .dot: return "."
        case .dotDot: return ".."
        case .openBracket: return "["
        case .closeBracket: return "]"
        case .openParen: return "("
        case .closeParen: return ")"
        case .colon: return ":"
        case .comma: return ","
        case .pipe: return "|"
        case .assignSign: return "="
        case .comparison(let op): return op
        case .end: return "end of tag"
        }
    }
}

/// Tokenizes tag and output markup. Identifiers may contain `-` and end in `?` as in Liquid
/// (`data.first-name`, `product.available?`).
enum ExpressionLexer {
    static func tokenize(_ markup: String) throws(LiquidFailure) -> [ExpressionToken] {
        let b = Array(markup.utf8)
        var tokens: [ExpressionToken] = []
        tokens.reserveCapacity(8)
        var i = 0
        while i < b.count {
            let c = b[i]
            if TemplateLexer.isSpace(c) {
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                var j = i + 1
                while j < b.count && b[j] != c { j += 1 }
                guard j < b.count else { throw LiquidFailure("unterminated string") }
                tokens.append(.string(String(decoding: b[(i + 1)..<j], as: UTF8.self)))
                i = j + 1
            case UInt8(ascii: "."):
                if i + 1 < b.count && b[i + 1] == UInt8(ascii: ".") {
                    tokens.append(.dotDot)
                    i += 2
                } else {
                    tokens.append(.dot)
                    i += 1
                }
            case UInt8(ascii: "["): tokens.append(.openBracket); i += 1
            case UInt8(ascii: "]"): tokens.append(.closeBracket); i += 1
            case UInt8(ascii: "("): tokens.append(.openParen); i += 1
            case UInt8(ascii: ")"): tokens.append(.closeParen); i += 1
            case UInt8(ascii: ":"): tokens.append(.colon); i += 1
            case UInt8(ascii: ","): tokens.append(.comma); i += 1
            case UInt8(ascii: "|"): tokens.append(.pipe); i += 1
            case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"):
                let next: UInt8? = i + 1 < b.count ? b[i + 1] : nil
                if next == UInt8(ascii: "=") {
                    tokens.append(.comparison(String(decoding: b[i...(i + 1)], as: UTF8.self)))
                    i += 2
                } else if c == UInt8(ascii: "<") && next == UInt8(ascii: ">") {
                    tokens.append(.comparison("!="))
                    i += 2
                } else if c == UInt8(ascii: "<") || c == UInt8(ascii: ">") {
                    tokens.append(.comparison(String(UnicodeScalar(c))))
                    i += 1
                } else if c == UInt8(ascii: "=") {
                    tokens.append(.assignSign)
                    i += 1
                } else {
                    throw LiquidFailure("unexpected character '!'")
                }
            default:
                if isDigit(c) || (c == UInt8(ascii: "-") && i + 1 < b.count && isDigit(b[i + 1])) {
                    var j = i + 1
                    while j < b.count && isDigit(b[j]) { j += 1 }
                    // A '.' followed by a digit continues the number; `1..5` stays a range.
                    var isFloat = false
                    if j + 1 < b.count && b[j] == UInt8(ascii: ".") && isDigit(b[j + 1]) {
                        isFloat = true
                        j += 1
                        while j < b.count && isDigit(b[j]) { j += 1 }
                    }
                    let text = String(decoding: b[i..<j], as: UTF8.self)
                    if !isFloat, let n = Int(text) {
                        tokens.append(.integer(n))
                    } else if let d = Double(text) {
                        tokens.append(.number(d))
                    } else {
                        throw LiquidFailure("invalid number '\(text)'")
                    }
                    i = j
                } else if isIdentifierStart(c) {
                    var j = i + 1
                    while j < b.count && isIdentifierPart(b[j]) { j += 1 }
                    if j < b.count && b[j] == UInt8(ascii: "?") { j += 1 }
                    tokens.append(.identifier(String(decoding: b[i..<j], as: UTF8.self)))
                    i = j
                } else {
                    let scalar = String(decoding: b[i..<min(i + 1, b.count)], as: UTF8.self)
                    throw LiquidFailure("unexpected character '\(scalar)'")
                }
            }
        }
        tokens.append(.end)
        return tokens
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == UInt8(ascii: "_") || c >= 0x80
    }

    static func isIdentifierPart(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || isDigit(c) || c == UInt8(ascii: "-")
    }
}
