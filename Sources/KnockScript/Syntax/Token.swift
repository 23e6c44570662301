import KnockCore

/// One lexical unit of a script, with its byte range and whether whitespace precedes it.
///
/// `spaceBefore` matters because the language is whitespace-aware in two places: `name(` with no
/// space is a call while `name (` is a command, and adjacent tokens in a command argument glue
/// into one bare word (`/v1/users/u1`, `a.b`).
///
/// ```swift
/// let tokens = Lexer(file: SourceFile(path: "-", text: "let x = 5s")).tokenize()
/// tokens.map(\.kind)   // [.word("let"), .word("x"), .symbol(.assign), .duration(5s), .eof]
/// ```
public struct Token: Sendable {
    public var kind: TokenKind
    /// Byte offsets into the file: `start..<end`.
    public var start: Int
    public var end: Int
    public var spaceBefore: Bool
}

public enum TokenKind: Sendable, Equatable {
    /// A bare word: keywords, command words, field names. May contain `-` after the first letter.
    case word(String)
    /// `$name`; the name without the dollar.
    case variable(String)
    case int(Int)
    case double(Double)
    case duration(KnockDuration)
    /// A double-quoted string, split into literal text and interpolated code.
    case string([StringPart])
    /// A single-quoted string: no escapes, no interpolation.
    case rawString(String)
    /// `--name`; the name without the dashes.
    case option(String)
    case symbol(Symbol)
    case newline
    /// A lexical error, carried to the parser so it reports it with the right position.
    case error(String, hint: String?)
    case eof
}

/// A piece of a double-quoted string.
public enum StringPart: Sendable, Equatable {
    case text(String)
    /// `$name.path` between byte offsets `start..<end` of the file.
    case path(start: Int, end: Int)
    /// The inside of `$(...)` between byte offsets `start..<end` of the file.
    case code(start: Int, end: Int)
}

public enum Symbol: String, Sendable, Equatable, CaseIterable {
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case comma = ",", colon = ":", semicolon = ";", dot = ".", questionDot = "?.", question = "?"
    case dotDot = "..", dotDotLess = "..<"
    case assign = "=", plusAssign = "+=", minusAssign = "-=", eq = "==", ne = "!="
    case lt = "<", le = "<=", gt = ">", ge = ">="
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", pipe = "|"
    case bang = "!", at = "@", amp = "&", tilde = "~", caret = "^"
}

extension TokenKind {
    /// How the token reads in an error message ("expected ')' but found 'end of line'").
    public var display: String {
        switch self {
        case .word(let w): return "'\(w)'"
        case .variable(let v): return "'$\(v)'"
        case .int(let i): return "'\(i)'"
        case .double(let d): return "'\(d)'"
        case .duration(let d): return "'\(d)'"
        case .string: return "a string"
        case .rawString: return "a string"
        case .option(let o): return "'--\(o)'"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .newline: return "end of line"
        case .error(let m, _): return m
        case .eof: return "end of file"
        }
    }
}
