import KnockCore

/// Turns script text into tokens. Never fails: problems become `.error` tokens so the parser
/// reports them at the right place, with every other error in the file.
///
/// ```swift
/// let file = SourceFile(path: "t.knock", text: #"print "hi $name""#)
/// let tokens = Lexer(file: file).tokenize()
/// ```
public struct Lexer {
    let file: SourceFile
    let bytes: [UInt8]
    var index: Int
    let end: Int
    var tokens: [Token] = []
    var sawSpace = true

    /// Lexes the whole file, or the byte range of an interpolation inside it.
    public init(file: SourceFile, range: Range<Int>? = nil) {
        self.file = file
        self.bytes = file.bytes
        self.index = range?.lowerBound ?? 0
        self.end = min(range?.upperBound ?? file.bytes.count, file.bytes.count)
    }

    public mutating func tokenize() -> [Token] {
        while true {
            skipSpaceAndComments()
            if index >= end {
                tokens.append(Token(kind: .eof, start: end, end: end, spaceBefore: true))
                return tokens
            }
            lexOne()
        }
    }

    func peek(_ ahead: Int = 0) -> UInt8 {
        let i = index + ahead
        return i < end ? bytes[i] : 0
    }

    mutating func add(_ kind: TokenKind, from start: Int) {
        tokens.append(Token(kind: kind, start: start, end: index, spaceBefore: sawSpace))
        sawSpace = false
    }

    mutating func skipSpaceAndComments() {
        while index < end {
            let c = bytes[index]
            if c == 32 || c == 9 || c == 13 {
                index += 1; sawSpace = true
            } else if c == UInt8(ascii: "#") {
                while index < end, bytes[index] != 10 { index += 1 }
                sawSpace = true
            } else if c == UInt8(ascii: "\\"), peek(1) == 10 || (peek(1) == 13 && peek(2) == 10) {
                // A backslash at the end of a line continues the statement on the next one.
                index += peek(1) == 10 ? 2 : 3; sawSpace = true
            } else {
                return
            }
        }
    }

    mutating func lexOne() {
        let start = index
        let c = bytes[index]
        switch c {
        case 10:
            index += 1
            // A newline followed by a line that starts with `|` continues a pipeline.
            var probe = index
            while probe < end {
                let b = bytes[probe]
                if b == 32 || b == 9 || b == 13 || b == 10 { probe += 1; continue }
                if b == UInt8(ascii: "#") {
                    while probe < end, bytes[probe] != 10 { probe += 1 }
                    continue
                }
                break
            }
            if probe < end, bytes[probe] == UInt8(ascii: "|"), probe + 1 >= end || bytes[probe + 1] != UInt8(ascii: "|") {
                index = probe; sawSpace = true
                return
            }
            if let last = tokens.last, last.kind == .newline { sawSpace = true; return }
            add(.newline, from: start)
            sawSpace = true
        case UInt8(ascii: "\""):
            lexString()
        case UInt8(ascii: "'"):
            lexRawString()
        case UInt8(ascii: "$"):
            lexVariable()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            lexNumber()
        case _ where isWordStart(c):
            index += 1
            while index < end, isWordContinue(bytes[index]) { index += 1 }
            // A trailing dash belongs to the next token (`a- 1`), not to the word.
            while bytes[index - 1] == UInt8(ascii: "-") { index -= 1 }
            add(.word(text(start, index)), from: start)
        case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-") && isWordStart(peek(2)):
            index += 2
            while index < end, isWordContinue(bytes[index]) { index += 1 }
            while bytes[index - 1] == UInt8(ascii: "-") { index -= 1 }
            add(.option(text(start + 2, index)), from: start)
        default:
            lexSymbol()
        }
    }

    func isWordStart(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0x80
    }

    func isWordContinue(_ c: UInt8) -> Bool {
        isWordStart(c) || (c >= 48 && c <= 57) || c == UInt8(ascii: "-")
    }

    func isIdentContinue(_ c: UInt8) -> Bool {
        isWordStart(c) || (c >= 48 && c <= 57)
    }

    func text(_ a: Int, _ b: Int) -> String {
        String(decoding: bytes[a..<b], as: UTF8.self)
    }

    static let oneByteSymbols: [UInt8: Symbol] = Dictionary(uniqueKeysWithValues: Symbol.allCases.filter { $0.rawValue.utf8.count == 1 }.map { ($0.rawValue.utf8.first!, $0) })
    static let twoByteSymbols: [UInt16: Symbol] = Dictionary(uniqueKeysWithValues: Symbol.allCases.filter { $0.rawValue.utf8.count == 2 }.map {
        let b = Array($0.rawValue.utf8)
        return (UInt16(b[0]) << 8 | UInt16(b[1]), $0)
    })

    mutating func lexSymbol() {
        let start = index
        let c0 = bytes[index], c1 = peek(1)
        if c0 == UInt8(ascii: "."), c1 == UInt8(ascii: "."), peek(2) == UInt8(ascii: "<") {
            index += 3; add(.symbol(.dotDotLess), from: start); return
        }
        if c1 != 0, let s = Self.twoByteSymbols[UInt16(c0) << 8 | UInt16(c1)] { index += 2; add(.symbol(s), from: start); return }
        if let s = Self.oneByteSymbols[c0] { index += 1; add(.symbol(s), from: start); return }
        // Skip a whole UTF-8 scalar so the message shows the character, not a byte.
        index += 1
        while index < end, bytes[index] & 0xC0 == 0x80 { index += 1 }
        let raw = text(start, index)
        let shown = raw.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) ? "'\(raw)'" : raw.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
        add(.error("unexpected character \(shown)", hint: nil), from: start)
    }

    mutating func lexNumber() {
        let start = index
        while index < end, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        var isDouble = false
        if peek() == UInt8(ascii: "."), peek(1) >= 48, peek(1) <= 57 {
            isDouble = true
            index += 1
            while index < end, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            var j = index + 1
            if j < end, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
            if j < end, bytes[j] >= 48, bytes[j] <= 57 {
                isDouble = true
                index = j
                while index < end, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            }
        }
        if !isDouble, index < end, isWordStart(bytes[index]) {
            // Letters right after digits: a duration (`5s`, `1m30s`) or a word like `2fa`.
            while index < end, isWordContinue(bytes[index]) { index += 1 }
            let raw = text(start, index)
            if let d = KnockDuration(parsing: raw) {
                add(.duration(d), from: start)
            } else if KnockDuration.units.contains(where: { raw.hasSuffix($0.suffix) }), raw.allSatisfy({ $0.isNumber || $0.isLetter }) {
                add(.error("invalid duration '\(raw)'", hint: "durations look like 250ms, 5s, 2m, 1h, 1d or 1m30s"), from: start)
            } else {
                add(.word(raw), from: start)
            }
            return
        }
        let raw = text(start, index)
        if isDouble {
            add(Double(raw).map { .double($0) } ?? .error("invalid number '\(raw)'", hint: nil), from: start)
        } else if let i = Int(raw) {
            add(.int(i), from: start)
        } else {
            add(.error("integer '\(raw)' is too large", hint: "integers are 64-bit; use a string for big ids"), from: start)
        }
    }

    mutating func lexVariable() {
        let start = index
        index += 1
        guard index < end, isWordStart(bytes[index]) else {
            add(.error("'$' must be followed by a variable name", hint: "write $name, $name.field or $(expression)"), from: start)
            return
        }
        while index < end, isIdentContinue(bytes[index]) { index += 1 }
        add(.variable(text(start + 1, index)), from: start)
    }

    mutating func lexRawString() {
        let start = index
        index += 1
        let contentStart = index
        while index < end, bytes[index] != UInt8(ascii: "'") { index += 1 }
        guard index < end else {
            add(.error("unterminated string", hint: "close it with '"), from: start)
            return
        }
        let s = text(contentStart, index)
        index += 1
        add(.rawString(s), from: start)
    }

    mutating func lexString() {
        let start = index
        index += 1
        var parts: [StringPart] = []
        var buffer: [UInt8] = []
        func flush() {
            if !buffer.isEmpty { parts.append(.text(String(decoding: buffer, as: UTF8.self))); buffer = [] }
        }
        while index < end {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                flush()
                add(.string(parts), from: start)
                return
            }
            if c == UInt8(ascii: "\\") {
                guard let (decoded, length) = escape(at: index) else {
                    let bad = index
                    index = min(index + 2, end)
                    // Keep lexing the string so one bad escape is one error.
                    skipToStringEnd()
                    tokens.append(Token(kind: .error("invalid escape sequence", hint: #"valid escapes: \n \t \r \" \\ \$ \0 \u{1F600}"#), start: bad, end: bad + 2, spaceBefore: sawSpace))
                    sawSpace = false
                    return
                }
                buffer.append(contentsOf: decoded)
                index += length
                continue
            }
            if c == UInt8(ascii: "$") {
                if peek(1) == UInt8(ascii: "(") {
                    flush()
                    guard let close = matchingClose(from: index + 1) else {
                        skipToStringEnd()
                        tokens.append(Token(kind: .error("unclosed '$(' in string", hint: "close the interpolation with ')'"), start: start, end: index, spaceBefore: sawSpace))
                        sawSpace = false
                        return
                    }
                    parts.append(.code(start: index + 2, end: close))
                    index = close + 1
                    continue
                }
                if isWordStart(peek(1)) {
                    flush()
                    let codeStart = index
                    index += 1
                    while index < end, isIdentContinue(bytes[index]) { index += 1 }
                    scanInterpolatedPath()
                    parts.append(.path(start: codeStart, end: index))
                    continue
                }
            }
            buffer.append(c)
            index += 1
        }
        add(.error("unterminated string", hint: #"close it with ""#), from: start)
    }

    /// After `$name` inside a string: `.field` and `[index]` continue the path; a `.` followed by
    /// anything else is ordinary text (`"Hello $name."`).
    mutating func scanInterpolatedPath() {
        while index < end {
            if bytes[index] == UInt8(ascii: "."), isWordStart(peek(1)) {
                index += 1
                while index < end, isIdentContinue(bytes[index]) { index += 1 }
            } else if bytes[index] == UInt8(ascii: "["), let close = matchingClose(from: index) {
                index = close + 1
            } else {
                return
            }
        }
    }

    mutating func skipToStringEnd() {
        while index < end, bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        index = min(index + 1, end)
    }

    /// The offset of the bracket closing the one at `open`, skipping nested brackets and strings.
    func matchingClose(from open: Int) -> Int? {
        var depth = 0
        var i = open
        while i < end {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return i }
            case UInt8(ascii: "\""):
                i += 1
                while i < end, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
            case UInt8(ascii: "'"):
                i += 1
                while i < end, bytes[i] != UInt8(ascii: "'") { i += 1 }
            case 10:
                return nil
            default: break
            }
            i += 1
        }
        return nil
    }

    func escape(at i: Int) -> ([UInt8], Int)? {
        guard i + 1 < end else { return nil }
        switch bytes[i + 1] {
        case UInt8(ascii: "n"): return ([10], 2)
        case UInt8(ascii: "t"): return ([9], 2)
        case UInt8(ascii: "r"): return ([13], 2)
        case UInt8(ascii: "0"): return ([0], 2)
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"), UInt8(ascii: "'"): return ([bytes[i + 1]], 2)
        case UInt8(ascii: "u"):
            guard i + 2 < end, bytes[i + 2] == UInt8(ascii: "{") else { return nil }
            var j = i + 3
            while j < end, j - i < 12, bytes[j] != UInt8(ascii: "}") { j += 1 }
            guard j < end, bytes[j] == UInt8(ascii: "}"),
                  let code = UInt32(text(i + 3, j), radix: 16), let scalar = Unicode.Scalar(code)
            else { return nil }
            return (Array(String(Character(scalar)).utf8), j - i + 1)
        default: return nil
        }
    }
}
