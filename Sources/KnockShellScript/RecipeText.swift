import KnockShell

/// How the successful statements of a shell session read in a saved recipe.
///
/// Statements are kept as typed, with one rewrite: an id that a command answered with and a
/// later statement repeats literally (pasted from the screen) becomes a read of a variable, so
/// the recipe still works when the next run gets other ids. The answering statement keeps its
/// `let`, or gets one named after what the id names:
///
/// ```
/// users bulk-identify {users: [{id: "u7"}]}        let bulk_operation = users bulk-identify {users: [{id: "u7"}]}
/// bulk-operations get 3f2b8c1e-…            →       bulk-operations get $bulk_operation.id
/// let u = users get u1                              let u = users get u1
/// messages list --user-id "u1"                      messages list --user-id $u.id
/// ```
///
/// An id the user typed before the answering statement (`users identify u1`) is left alone
/// unless that statement was captured with `let` (then the variable reads the same value).
/// `$_` still means the previous command's result because failed statements (dropped) never
/// set it.
enum RecipeText {
    static func text(for statement: RecordedStatement, in session: [RecordedStatement]) -> String? {
        RecipePlan(session).texts[statement.index] ?? statement.source
    }
}

/// The rewrite of a whole session, worked out once per `.save`-call over its successful statements.
struct RecipePlan {
    /// The recipe text of each successful statement, by `RecordedStatement.index`.
    private(set) var texts: [Int: String] = [:]

    private struct Answer {
        let ids: [ResponseIds.Found]
        let variable: String?
        /// A bare command that can be rewritten as `let NAME = ...`.
        let canBind: Bool
        /// Everything typed up to and including this statement, to tell typed ids from answered ones.
        let typedSoFar: String
        let section: String?
    }

    init(_ session: [RecordedStatement]) {
        let kept = session.filter(\.succeeded)
        var typed = ""
        var answers: [Answer?] = []
        for s in kept {
            typed += s.source + "\n"
            let shape = InputShape(s.source)
            guard shape.isOneCommand, let value = s.value else { answers.append(nil); continue }
            answers.append(Answer(ids: ResponseIds.find(in: value), variable: s.boundVariable,
                                  canBind: s.boundVariable == nil, typedSoFar: typed, section: Self.firstCommandWord(s.source)))
        }

        var taken = Set(kept.compactMap(\.boundVariable))
        var named: [Int: String] = [:]
        var edits: [Int: [(range: Range<Int>, text: String)]] = [:]
        for (j, s) in kept.enumerated() {
            for site in LiteralSites.find(in: s.source) {
                guard let (i, id) = Self.answer(for: site.text, before: j, answers: answers, kept: kept, named: named) else { continue }
                let name = answers[i]!.variable ?? named[i] ?? {
                    let fresh = Self.freshName(id.owner ?? answers[i]!.section.map(Self.singular) ?? "result", taken: taken)
                    taken.insert(fresh)
                    named[i] = fresh
                    return fresh
                }()
                edits[j, default: []].append((site.range, "$" + name + id.path))
            }
        }

        for (j, s) in kept.enumerated() {
            var text = Self.apply(edits[j] ?? [], to: s.source)
            if let name = named[j] { text = "let \(name) = " + text.drop { $0 == " " || $0 == "\t" || $0 == "\n" } }
            if text != s.source { texts[s.index] = text }
        }
    }

    /// The latest statement before `j` that answered with `value` and whose variable still holds
    /// that answer at `j`.
    private static func answer(
        for value: String, before j: Int, answers: [Answer?], kept: [RecordedStatement], named: [Int: String]
    ) -> (Int, ResponseIds.Found)? {
        for i in stride(from: j - 1, through: 0, by: -1) {
            guard let a = answers[i], let id = a.ids.first(where: { $0.value == value }) else { continue }
            if a.variable == nil {
                // Typed before it answered: the user's own id, stable from run to run.
                guard a.canBind, !a.typedSoFar.contains(value) else { continue }
            } else if let v = a.variable, kept[(i + 1)..<j].contains(where: { $0.boundVariable == v }) {
                continue
            }
            return (i, id)
        }
        return nil
    }

    /// Replaces byte ranges of `source`, last first so earlier offsets stay valid.
    static func apply(_ edits: [(range: Range<Int>, text: String)], to source: String) -> String {
        var bytes = Array(source.utf8)
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(edit.range, with: Array(edit.text.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `users` from `users get u1` or `let u = users get u1`.
    static func firstCommandWord(_ source: String) -> String? {
        var words = source.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        if words.first == "let", words.count > 3, words[2] == "=" { words.removeFirst(3) }
        return words.first
    }

    /// `bulk-operations` → `bulk_operation`.
    static func singular(_ section: String) -> String {
        let name = section.replacingOccurrences(of: "-", with: "_")
        return name.hasSuffix("s") && name.count > 1 ? String(name.dropLast()) : name
    }

    static func freshName(_ base: String, taken: Set<String>) -> String {
        let clean = String(base.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        let start = clean.first.map { $0.isLetter || $0 == "_" } == true ? clean : "v_" + clean
        if !taken.contains(start) && !reserved.contains(start) { return start }
        var n = 2
        while taken.contains(start + "\(n)") { n += 1 }
        return start + "\(n)"
    }

    /// Names a `let` cannot take or that would read oddly as a variable.
    static let reserved: Set<String> = ["_", "it", "env", "let", "if", "for", "in", "and", "or", "not", "true", "false", "null"]
}
