import KnockCore

/// Lists of records as aligned columns, psql style, fitted to the terminal width.
///
/// Columns are the records' keys in order of first appearance; nested values show as compact
/// JSON; long cells end in `…`; columns that do not fit are named in the footer (`.format json`
/// shows everything).
///
/// ```swift
/// TableRenderer(palette: Palette(enabled: false), width: 80)
///     .render(rows: [["id": "u1", "name": "Ada"], ["id": "u2", "name": "Grace"]])
/// // id  name
/// // --  -----
/// // u1  Ada
/// // u2  Grace
/// // (2 rows)
/// ```
public struct TableRenderer: Sendable {
    public var palette: Palette
    public var width: Int
    public var maxCellWidth = 40
    let gap = "  "

    public init(palette: Palette, width: Int) {
        self.palette = palette
        self.width = max(20, width)
    }

    /// The records of a value that reads best as a table: a list of objects, or a list
    /// response's `entries`/`items`. Nil for anything else.
    public static func rows(of value: JSON) -> [JSONObject]? {
        switch value {
        case .array(let a):
            let objects = a.compactMap(\.objectValue)
            return objects.count == a.count ? objects : nil
        case .object(let o):
            for key in ["entries", "items"] {
                if case .array(let a)? = o[key] {
                    let objects = a.compactMap(\.objectValue)
                    return objects.count == a.count ? objects : nil
                }
            }
            return nil
        default:
            return nil
        }
    }

    /// Renders `rows`; `nextPage` is a list response's `page_info.after`, shown in the footer.
    public func render(rows: [JSONObject], nextPage: String? = nil) -> String {
        let summary = rows.count == 1 ? "(1 row)" : "(\(rows.count) rows)"
        var columns: [String] = []
        var seen = Set<String>()
        for row in rows { for key in row.keys where seen.insert(key).inserted { columns.append(key) } }
        guard !columns.isEmpty else { return palette.dim(summary) }

        let cells: [[String]] = rows.map { row in columns.map { row[$0].map(cellText) ?? "" } }
        var widths = columns.map { DisplayWidth.of($0) }
        for row in cells {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        let numeric = columns.indices.map { i in
            rows.allSatisfy { row in
                switch row[columns[i]] {
                case .int?, .double?, nil, .null?: return true
                default: return false
                }
            }
        }

        // Keep whole columns while they fit; the first one always stays.
        var shown = 0
        var used = 0
        for w in widths {
            let needed = w + (shown == 0 ? 0 : gap.count)
            if shown > 0 && used + needed > width { break }
            used += needed
            shown += 1
        }
        if shown == 1 && widths[0] > width { widths[0] = width }

        var lines: [String] = []
        lines.append((0..<shown).map { palette.header(DisplayWidth.pad(DisplayWidth.truncate(columns[$0], to: widths[$0]), to: widths[$0], alignRight: numeric[$0])) }
            .joined(separator: gap).trimmingTrailingWhitespace())
        lines.append((0..<shown).map { palette.dim(String(repeating: "-", count: widths[$0])) }.joined(separator: gap))
        for row in cells {
            let line = (0..<shown).map { i in
                DisplayWidth.pad(DisplayWidth.truncate(row[i], to: widths[i]), to: widths[i], alignRight: numeric[i])
            }.joined(separator: gap)
            lines.append(line.trimmingTrailingWhitespace())
        }
        var footer = String(summary.dropLast())
        if shown < columns.count {
            footer += ", \(columns.count - shown) more columns: " + columns[shown...].joined(separator: ", ")
        }
        if let nextPage { footer += "; next page: --after \(nextPage)" }
        lines.append(palette.dim(footer + ")"))
        return lines.joined(separator: "\n")
    }

    /// One cell: strings bare, other scalars as JSON, nested values compact and cut short.
    func cellText(_ value: JSON) -> String {
        let text: String
        switch value {
        case .string(let s): text = s
        case .null: text = ""
        default: text = value.serialized()
        }
        let oneLine = text.replacingNewlines()
        return DisplayWidth.truncate(oneLine, to: maxCellWidth)
    }
}

extension String {
    func replacingNewlines() -> String {
        guard contains(where: { $0.isNewline || $0 == "\t" }) else { return self }
        return String(map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
