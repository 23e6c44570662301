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

/// The rewrite of a whole session, worked out once per `.save` over its successful statements.
/// Each statement is lexed once and ids are looked up by value, so a long session saves in
/// about linear time.
struct RecipePlan {
    /// The recipe text of each rewritten statement, by `RecordedStatement.index`.
    private(set) var texts: [Int: String] = [:]

    private struct Answer {
        let id: ResponseIds.Found
        /// Position of the answering statement among the successful ones.
        let statement: Int
    }

    init(_ session: [RecordedStatement]) {
        let kept = session.filter(\.succeeded)
        let sites = kept.map { LiteralSites.find(in: $0.source) }
        // Where each literal was first typed, and which statements answered with each id.
        var firstTyped: [String: Int] = [:]
        var answers: [String: [Answer]] = [:]
        var bindings: [String: [Int]] = [:]
        var canBind: [Bool] = []
        for (i, s) in kept.enumerated() {
            for site in sites[i] where firstTyped[site.text] == nil { firstTyped[site.text] = i }
            if let v = s.boundVariable { bindings[v, default: []].append(i) }
            let shape = InputShape(s.source)
            canBind.append(shape.isOneCommand && s.boundVariable == nil)
            guard shape.isOneCommand, let value = s.value else { continue }
            for id in ResponseIds.find(in: value) { answers[id.value, default: []].append(Answer(id: id, statement: i)) }
        }

        /// The latest statement before `j` that answered with `value` and whose variable (if
        /// it has one) still holds that answer at `j`. A bare answer only counts when the id
        /// was not typed before it: an id the user chose is the same on every run.
        func answer(for value: String, before j: Int) -> Answer? {
            for a in (answers[value] ?? []).reversed() where a.statement < j {
                if let v = kept[a.statement].boundVariable {
                    if bindings[v, default: []].contains(where: { $0 > a.statement && $0 < j }) { continue }
                } else if !canBind[a.statement] || (firstTyped[value] ?? j) <= a.statement {
                    continue
                }
                return a
            }
            return nil
        }

        var taken = Set(kept.compactMap(\.boundVariable))
        var named: [Int: String] = [:]
        for (j, s) in kept.enumerated() {
            var edits: [(range: Range<Int>, text: String)] = []
            for site in sites[j] {
                guard let a = answer(for: site.text, before: j) else { continue }
                let i = a.statement
                let name: String
                if let v = kept[i].boundVariable ?? named[i] {
                    name = v
                } else {
                    name = Self.freshName(a.id.owner ?? Self.firstCommandWord(kept[i].source).map(Self.singular) ?? "result", taken: taken)
                    taken.insert(name)
                    named[i] = name
                }
                edits.append((site.range, "$" + name + a.id.path))
            }
            if !edits.isEmpty { texts[s.index] = Self.apply(edits, to: s.source) }
        }
        // The answering statements bind the names the later ones read.
        for (i, name) in named {
            let text = texts[kept[i].index] ?? kept[i].source
            texts[kept[i].index] = "let \(name) = " + text.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        }
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
