/// Splits the text before the cursor the way completion sees it.
///
/// The word-break characters are shared with the line editor (libedit replaces exactly the word
/// this finds), so `$` `.` `[` `-` `/` stay inside words: `$run.items[0].id` and `lib/x.knock`
/// are one word each.
///
/// ```swift
/// let w = CompletionWord(prefix: "let r = workflows trig")
/// w.word           // "trig"
/// w.commandWords   // ["workflows"]: the statement so far, after `=`
/// ```
public struct CompletionWord: Equatable {
    /// Characters that end a word, for libedit too (`LineEditor` passes this string on).
    public static let breakCharacters = " \t\n\"'(){},;=|:"
    /// Characters that start a new statement or sub-expression for command completion.
    static let statementBreaks: Set<Character> = ["{", "}", ";", "(", "=", "|"]

    /// The partial word before the cursor, as libedit will replace it.
    public let word: String
    /// Leading `[` of the word (`[$au` in a list literal): kept on every candidate.
    public let brackets: String
    /// The word without its leading brackets: what candidates must start with.
    public let core: String
    /// Whole words of the current statement before this one.
    public let commandWords: [String]
    /// The whitespace-separated words of the whole line before this word.
    public let lineWords: [String]

    public init(prefix: String) {
        let breaks = Set(Self.breakCharacters)
        let wordStart = prefix.lastIndex(where: { breaks.contains($0) }).map { prefix.index(after: $0) } ?? prefix.startIndex
        word = String(prefix[wordStart...])
        brackets = String(word.prefix { $0 == "[" })
        core = String(word.dropFirst(brackets.count))
        let before = prefix[..<wordStart]
        // Quotes are not words: `import "lib/` has the line words ["import"].
        lineWords = before.split(whereSeparator: { $0.isWhitespace || $0 == "\"" || $0 == "'" }).map(String.init)
        let statementStart = before.lastIndex(where: { Self.statementBreaks.contains($0) }).map { before.index(after: $0) } ?? before.startIndex
        commandWords = before[statementStart...].split(whereSeparator: { $0.isWhitespace || $0 == "\"" || $0 == "'" }).map(String.init)
    }
}
