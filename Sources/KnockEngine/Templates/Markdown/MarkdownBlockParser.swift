/// A block of markdown, with the raw lines its inlines are parsed from.
enum MarkdownBlock {
    case paragraph([String])
    case heading(Int, String)
    case code(info: String, [String])
    case quote([String])
    case rule
    case list(MarkdownList)
}

struct MarkdownList {
    var ordered: Bool
    var start: Int
    /// No blank lines between or inside items: items render without `<p>`.
    var tight: Bool
    /// Each item's lines with the marker indentation removed.
    var items: [[String]]
}

/// Splits lines into blocks, following CommonMark's rules in simplified form (no setext headings
/// inside lists, no link reference definitions, no raw HTML blocks).
struct MarkdownBlockParser {
    let lines: [String]
    private var i = 0

    init(lines: [String]) { self.lines = lines }

    /// Parses all lines into blocks.
    static func parse(_ lines: [String]) -> [MarkdownBlock] {
        var parser = MarkdownBlockParser(lines: lines)
        return parser.parse()
    }

    mutating func parse() -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) {
                i += 1
                continue
            }
            if indentation(line) >= 4 {
                blocks.append(indentedCode())
                continue
            }
            let text = String(line.drop { $0 == " " })
            if let fence = fenceOpening(text) {
                blocks.append(fencedCode(fence, indent: indentation(line)))
            } else if let heading = atxHeading(text) {
                blocks.append(heading)
                i += 1
            } else if isThematicBreak(text) {
                blocks.append(.rule)
                i += 1
            } else if text.hasPrefix(">") {
                blocks.append(quote())
            } else if let marker = listMarker(line) {
                blocks.append(list(first: marker))
            } else {
                blocks.append(paragraph())
            }
        }
        return blocks
    }

    // MARK: Leaf blocks

    private mutating func paragraph() -> MarkdownBlock {
        var collected: [String] = [lines[i]]
        i += 1
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) { break }
            let text = String(line.drop { $0 == " " })
            if indentation(line) < 4 {
                if let level = setextLevel(text) {
                    i += 1
                    return .heading(level, collected.map { $0.trimmingWhitespace() }.joined(separator: "\n"))
                }
                if interruptsParagraph(line, text) { break }
            }
            collected.append(line)
            i += 1
        }
        return .paragraph(collected)
    }

    private func interruptsParagraph(_ line: String, _ text: String) -> Bool {
        if fenceOpening(text) != nil || atxHeading(text) != nil || isThematicBreak(text) || text.hasPrefix(">") {
            return true
        }
        // Only lists that start at 1 (or bullets) with content may interrupt a paragraph.
        if let marker = listMarker(line), !marker.content.trimmingWhitespace().isEmpty {
            return !marker.ordered || marker.start == 1
        }
        return false
    }

    private mutating func indentedCode() -> MarkdownBlock {
        var collected: [String] = []
        while i < lines.count, isBlank(lines[i]) || indentation(lines[i]) >= 4 {
            collected.append(isBlank(lines[i]) ? "" : String(lines[i].dropFirst(4)))
            i += 1
        }
        while collected.last == "" { collected.removeLast() }
        return .code(info: "", collected)
    }

    private struct Fence {
        let character: Character
        let length: Int
        let info: String
    }

    private func fenceOpening(_ text: String) -> Fence? {
        guard let c = text.first, c == "`" || c == "~" else { return nil }
        let length = text.prefix { $0 == c }.count
        guard length >= 3 else { return nil }
        let info = String(text.dropFirst(length)).trimmingWhitespace()
        if c == "`" && info.contains("`") { return nil }
        return Fence(character: c, length: length, info: info)
    }

    private mutating func fencedCode(_ fence: Fence, indent: Int) -> MarkdownBlock {
        i += 1
        var collected: [String] = []
        while i < lines.count {
            let line = lines[i]
            let text = String(line.drop { $0 == " " })
            i += 1
            if indentation(line) < 4, text.prefix(while: { $0 == fence.character }).count >= fence.length,
                String(text.drop(while: { $0 == fence.character })).trimmingWhitespace().isEmpty
            {
                break
            }
            // Content loses up to the opening fence's indentation.
            var dropped = 0
            collected.append(String(line.drop { c in
                defer { dropped += 1 }
                return c == " " && dropped < indent
            }))
        }
        return .code(info: fence.info, collected)
    }

    private func atxHeading(_ text: String) -> MarkdownBlock? {
        let level = text.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let rest = text.dropFirst(level)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var content = String(rest).trimmingWhitespace()
        // A closing run of `#` preceded by a space is not content.
        if let closing = content.lastIndex(where: { $0 != "#" }) {
            if content[closing] == " " && content[content.index(after: closing)...].allSatisfy({ $0 == "#" }) {
                content = String(content[..<closing]).trimmingWhitespace()
            }
        } else {
            content = ""
        }
        return .heading(level, content)
    }

    private func setextLevel(_ text: String) -> Int? {
        let t = text.trimmingWhitespace()
        guard let c = t.first, c == "=" || c == "-", t.allSatisfy({ $0 == c }) else { return nil }
        return c == "=" ? 1 : 2
    }

    private func isThematicBreak(_ text: String) -> Bool {
        guard let c = text.first, c == "-" || c == "*" || c == "_" else { return false }
        var count = 0
        for ch in text {
            if ch == c { count += 1 } else if ch != " " { return false }
        }
        return count >= 3
    }

    // MARK: Container blocks

    private mutating func quote() -> MarkdownBlock {
        var collected: [String] = []
        while i < lines.count {
            let line = lines[i]
            let text = String(line.drop { $0 == " " })
            if indentation(line) < 4, text.hasPrefix(">") {
                var inner = text.dropFirst()
                if inner.first == " " { inner = inner.dropFirst() }
                collected.append(String(inner))
            } else if !isBlank(line), let last = collected.last, !isBlank(last), !interruptsParagraph(line, text) {
                collected.append(line)  // lazy continuation of a quoted paragraph
            } else {
                break
            }
            i += 1
        }
        return .quote(collected)
    }

    struct ListMarker {
        let ordered: Bool
        let start: Int
        let delimiter: Character
        /// Column where item content starts.
        let contentIndent: Int
        let content: String
    }

    func listMarker(_ line: String) -> ListMarker? {
        let indent = indentation(line)
        guard indent < 4 else { return nil }
        let text = Array(line.dropFirst(indent))
        guard let first = text.first else { return nil }
        var markerWidth: Int
        var ordered = false
        var start = 1
        var delimiter = first
        if first == "-" || first == "*" || first == "+" {
            markerWidth = 1
        } else {
            let digits = text.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), digits.count < text.count,
                text[digits.count] == "." || text[digits.count] == ")"
            else { return nil }
            ordered = true
            start = Int(String(digits)) ?? 1
            delimiter = text[digits.count]
            markerWidth = digits.count + 1
        }
        let after = text.dropFirst(markerWidth)
        if after.isEmpty {
            return ListMarker(
                ordered: ordered, start: start, delimiter: delimiter, contentIndent: indent + markerWidth + 1, content: "")
        }
        guard after.first == " " else { return nil }
        var spaces = after.prefix { $0 == " " }.count
        if spaces > 4 { spaces = 1 }  // indented code inside the item: content starts after one space
        let content = String(after.dropFirst(spaces))
        return ListMarker(
            ordered: ordered, start: start, delimiter: delimiter, contentIndent: indent + markerWidth + spaces,
            content: content)
    }

    private mutating func list(first: ListMarker) -> MarkdownBlock {
        var items: [[String]] = []
        var tight = true
        var marker = first
        i += 1
        outer: while true {
            var item: [String] = [marker.content]
            var sawBlank = false
            while i < lines.count {
                let line = lines[i]
                if isBlank(line) {
                    item.append("")
                    sawBlank = true
                    i += 1
                    continue
                }
                if indentation(line) >= marker.contentIndent {
                    if sawBlank { tight = false }
                    item.append(String(line.dropFirst(marker.contentIndent)))
                    sawBlank = false
                    i += 1
                    continue
                }
                if let next = listMarker(line), next.ordered == marker.ordered, next.delimiter == marker.delimiter {
                    items.append(trimmed(item))
                    if sawBlank { tight = false }
                    marker = next
                    i += 1
                    continue outer
                }
                let text = String(line.drop { $0 == " " })
                if !sawBlank, listMarker(line) == nil, !interruptsParagraph(line, text) {
                    item.append(line.trimmingWhitespace())  // lazy paragraph continuation
                    i += 1
                    continue
                }
                break
            }
            items.append(trimmed(item))
            break
        }
        return .list(MarkdownList(ordered: first.ordered, start: first.start, tight: tight, items: items))
    }

    private func trimmed(_ item: [String]) -> [String] {
        var item = item
        while item.last == "" { item.removeLast() }
        return item
    }

    private func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " } }

    private func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }
}
