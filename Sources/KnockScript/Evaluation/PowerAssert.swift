import KnockCore

/// Captures the value of each sub-expression while an `expect` evaluates.
final class PowerRecorder {
    struct Entry {
        let line: Int
        let column: Int
        let value: Value
    }
    /// One entry per (line, column): the outermost expression at a column is recorded last and wins.
    var entries: [Int: Entry] = [:]
    /// The operands of the last `==`/`!=`, for a structural diff.
    var comparison: (Value, Value)?

    func record(line: Int, column: Int, start: Int, value: Value) {
        entries[line &* 100_000 &+ column] = Entry(line: line, column: column, value: value)
    }
}

/// Draws recorded values under the source line, pytest/Spock style:
///
/// ```
/// expect $msg.status == "delivered"
///        |           |
///        "queued"    false
/// ```
public enum PowerAssert {
    static let valueLimit = 60

    static func notes(for condition: Expr, recorder: PowerRecorder) -> [String] {
        let loc = condition.location
        let source = loc.file.line(loc.line)
        let onLine = recorder.entries.values.filter { $0.line == loc.line }
        let elsewhere = recorder.entries.values.filter { $0.line != loc.line }.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        var notes = draw(source: source, anchors: onLine.map { ($0.column, $0.value.literal(limit: valueLimit)) })
        for e in elsewhere {
            notes.append("line \(e.line):\(e.column) = \(e.value.literal(limit: valueLimit))")
        }
        if case .binary(let op, _, _) = condition.kind, op == .equal || op == .notEqual,
           let (a, b) = recorder.comparison {
            let differences = Diff.paths(a, b)
            if op == .equal, !differences.isEmpty, isContainer(a) || isContainer(b) {
                notes.append("differences (left vs right):")
                for d in differences.prefix(20) { notes.append("  " + d) }
                if differences.count > 20 { notes.append("  … and \(differences.count - 20) more") }
            }
        }
        return notes
    }

    static func isContainer(_ v: Value) -> Bool {
        switch v {
        case .list, .record: return true
        default: return false
        }
    }

    /// Lays out `anchors` (1-based column, text) under `source`; the leading indentation is
    /// trimmed from the line and every column.
    public static func draw(source: String, anchors: [(column: Int, text: String)]) -> [String] {
        let chars = Array(source)
        let indent = chars.prefix(while: { $0 == " " || $0 == "\t" }).count
        let line = String(chars.dropFirst(indent))
        let sorted = anchors
            .map { (column: max(0, $0.column - 1 - indent), text: $0.text) }
            .sorted { $0.column > $1.column }
        guard !sorted.isEmpty else { return [line] }
        // rows[r] holds (column, text) placed on that row; a bar runs above each text.
        var rows: [[(column: Int, text: String)]] = []
        var rowOf: [Int] = []
        for (n, a) in sorted.enumerated() {
            var r = 0
            while true {
                // Every anchor to the right placed at row >= r would cross this text.
                let blocked = (0..<n).contains { k in rowOf[k] >= r && a.column + a.text.count >= sorted[k].column }
                if !blocked { break }
                r += 1
            }
            while rows.count <= r { rows.append([]) }
            rows[r].append(a)
            rowOf.append(r)
        }
        var out = [line]
        let width = (sorted.map { $0.column + $0.text.count }.max() ?? 0) + 1
        var bars = [Character](repeating: " ", count: width)
        for a in sorted { bars[a.column] = "|" }
        out.append(trimRight(bars))
        for (r, row) in rows.enumerated() {
            var chars = [Character](repeating: " ", count: width)
            for (k, a) in sorted.enumerated() where rowOf[k] > r { chars[a.column] = "|" }
            for a in row {
                for (j, ch) in a.text.enumerated() where a.column + j < width { chars[a.column + j] = ch }
            }
            out.append(trimRight(chars))
        }
        return out
    }

    static func trimRight(_ chars: [Character]) -> String {
        var end = chars.count
        while end > 0, chars[end - 1] == " " { end -= 1 }
        return String(chars[0..<end])
    }
}
