/// The text of one script with its path, shared by every location that points into it.
///
/// Diagnostics read the offending line back from here, so errors can show source and caret.
///
/// ```swift
/// let file = SourceFile(path: "a.knock", text: "let x = 1\nprint $x\n")
/// file.line(2)                 // "print $x"
/// file.location(offset: 10)    // a.knock:2:1
/// ```
public final class SourceFile: Sendable {
    public let path: String
    public let text: String
    /// The UTF-8 text the lexer walks; offsets in tokens index into it.
    public let bytes: [UInt8]
    /// Byte offset where each line starts (line 1 is index 0).
    let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The text of a 1-based line without its newline; "" when out of range.
    public func line(_ n: Int) -> String {
        guard n >= 1, n <= lineStarts.count else { return "" }
        let start = lineStarts[n - 1]
        var end = n < lineStarts.count ? lineStarts[n] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// A location for a byte offset; line and column are worked out only when asked for, because
    /// the parser makes a location for every node and most are never shown.
    public func location(offset: Int) -> SourceLocation {
        SourceLocation(file: self, offset: max(0, min(offset, bytes.count)))
    }

    /// The 1-based line and column (in characters) of a byte offset.
    public func lineAndColumn(offset: Int) -> (line: Int, column: Int) {
        let offset = max(0, min(offset, bytes.count))
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (lo + 1, column)
    }
}

/// A position in a script: file, 1-based line and column (in characters), and byte offset.
public struct SourceLocation: Sendable, CustomStringConvertible {
    public let file: SourceFile
    public let offset: Int

    public init(file: SourceFile, offset: Int) {
        self.file = file
        self.offset = offset
    }

    public var line: Int { file.lineAndColumn(offset: offset).line }
    public var column: Int { file.lineAndColumn(offset: offset).column }
    public var path: String { file.path }
    /// `file:line:col`, the form editors and CI annotations understand.
    public var description: String {
        let (line, column) = file.lineAndColumn(offset: offset)
        return "\(file.path):\(line):\(column)"
    }
}
