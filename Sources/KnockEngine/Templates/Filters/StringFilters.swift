import KnockCore

/// Liquid's standard string and HTML/URL filters.
enum StringFilters {
    static let all: [LiquidFilter] = [
        // `default` applies to nil, false and empty values; `allow_false: true` keeps false.
        LiquidFilter("default", 0...1) { input, args, _ in
            if case .bool(false) = input, args.keyword("allow_false")?.isTruthy == true { return input }
            return input.isTruthy && !input.isLiquidEmpty ? input : (args[0] ?? .null)
        },
        LiquidFilter("append", 1...1) { input, args, _ in .string(input.liquidString + (args[0]?.liquidString ?? "")) },
        LiquidFilter("prepend", 1...1) { input, args, _ in .string((args[0]?.liquidString ?? "") + input.liquidString) },
        LiquidFilter("capitalize") { input, _, _ in
            let s = input.liquidString
            guard let first = s.first else { return .string("") }
            return .string(first.uppercased() + s.dropFirst().lowercased())
        },
        LiquidFilter("downcase") { input, _, _ in .string(input.liquidString.lowercased()) },
        LiquidFilter("upcase") { input, _, _ in .string(input.liquidString.uppercased()) },
        LiquidFilter("strip") { input, _, _ in .string(input.liquidString.trimmingWhitespace()) },
        LiquidFilter("lstrip") { input, _, _ in .string(String(input.liquidString.drop(while: \.isWhitespace))) },
        LiquidFilter("rstrip") { input, _, _ in
            let s = input.liquidString
            return .string(String(s[..<(s.lastIndex { !$0.isWhitespace }.map { s.index(after: $0) } ?? s.startIndex)]))
        },
        LiquidFilter("strip_newlines") { input, _, _ in
            .string(String(input.liquidString.filter { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }))
        },
        LiquidFilter("newline_to_br") { input, _, _ in
            var out = ""
            for c in input.liquidString {
                if c == "\n" || c == "\r\n" { out += "<br />\n" } else { out.append(c) }
            }
            return .string(out)
        },
        LiquidFilter("escape") { input, _, _ in input.isNull ? .null : .string(HTML.escape(input.liquidString)) },
        LiquidFilter("h") { input, _, _ in input.isNull ? .null : .string(HTML.escape(input.liquidString)) },
        LiquidFilter("escape_once") { input, _, _ in .string(HTML.escapeOnce(input.liquidString)) },
        LiquidFilter("strip_html") { input, _, _ in .string(HTML.stripTags(input.liquidString)) },
        LiquidFilter("url_encode") { input, _, _ in input.isNull ? .null : .string(URLCoding.formEncode(input.liquidString)) },
        LiquidFilter("url_decode") { input, _, _ in input.isNull ? .null : .string(URLCoding.formDecode(input.liquidString)) },
        LiquidFilter("base64_encode") { input, _, _ in .string(Base64.encode(Array(input.liquidString.utf8), urlSafe: false)) },
        LiquidFilter("base64_url_safe_encode") { input, _, _ in
            .string(Base64.encode(Array(input.liquidString.utf8), urlSafe: true))
        },
        LiquidFilter("base64_decode") { input, _, _ in
            guard let bytes = Base64.decode(input.liquidString) else { throw LiquidFailure("base64_decode: invalid base64 provided") }
            return .string(String(decoding: bytes, as: UTF8.self))
        },
        LiquidFilter("base64_url_safe_decode") { input, _, _ in
            guard let bytes = Base64.decode(input.liquidString) else {
                throw LiquidFailure("base64_url_safe_decode: invalid base64 provided")
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        },
        LiquidFilter("remove", 1...1) { input, args, _ in
            .string(input.liquidString.replacingAll(args[0]?.liquidString ?? "", with: ""))
        },
        LiquidFilter("remove_first", 1...1) { input, args, _ in
            .string(input.liquidString.replacingFirst(args[0]?.liquidString ?? "", with: ""))
        },
        LiquidFilter("remove_last", 1...1) { input, args, _ in
            .string(input.liquidString.replacingLast(args[0]?.liquidString ?? "", with: ""))
        },
        LiquidFilter("replace", 1...2) { input, args, _ in
            .string(input.liquidString.replacingAll(args[0]?.liquidString ?? "", with: args[1]?.liquidString ?? ""))
        },
        LiquidFilter("replace_first", 1...2) { input, args, _ in
            .string(input.liquidString.replacingFirst(args[0]?.liquidString ?? "", with: args[1]?.liquidString ?? ""))
        },
        LiquidFilter("replace_last", 1...2) { input, args, _ in
            .string(input.liquidString.replacingLast(args[0]?.liquidString ?? "", with: args[1]?.liquidString ?? ""))
        },
        LiquidFilter("split", 1...1) { input, args, _ in
            .array(split(input.liquidString, by: args[0]?.liquidString ?? " ").map { .string($0) })
        },
        LiquidFilter("truncate", 0...2) { input, args, _ in
            if input.isNull { return .null }
            let length = try integer(args[0], default: 50, filter: "truncate")
            let ellipsis = args[1]?.liquidString ?? "..."
            let s = input.liquidString
            guard s.count > length else { return .string(s) }
            let keep = max(0, length - ellipsis.count)
            return .string(String(s.prefix(keep)) + ellipsis)
        },
        LiquidFilter("truncatewords", 0...2) { input, args, _ in
            if input.isNull { return .null }
            let count = max(1, try integer(args[0], default: 15, filter: "truncatewords"))
            let ellipsis = args[1]?.liquidString ?? "..."
            let words = input.liquidString.split(whereSeparator: \.isWhitespace)
            guard words.count > count else { return .string(input.liquidString) }
            return .string(words.prefix(count).joined(separator: " ") + ellipsis)
        },
    ]

    /// An optional integer argument (numeric strings accepted).
    static func integer(_ value: JSON?, default fallback: Int, filter: String) throws(LiquidFailure) -> Int {
        guard let value, !value.isNull else { return fallback }
        switch LiquidNumber.parse(value) {
        case .int(let i) where value.stringValue == nil || Int(value.stringValue!.trimmingWhitespace()) != nil:
            return i
        case .double(let d) where d.isFinite && abs(d) < 1e15:
            return Int(d)
        default:
            throw LiquidFailure("\(filter): invalid integer '\(value.liquidString)'")
        }
    }

    /// Ruby's `String#split`: a single space splits on runs of whitespace and ignores leading
    /// whitespace; an empty separator splits into characters; trailing empty fields are dropped.
    static func split(_ s: String, by separator: String) -> [String] {
        var parts: [String]
        if separator == " " {
            parts = s.split(whereSeparator: \.isWhitespace).map(String.init)
        } else if separator.isEmpty {
            parts = s.map { String($0) }
        } else {
            parts = s.components(separatedByLiteral: separator)
        }
        while parts.last == "" { parts.removeLast() }
        return parts
    }
}

extension String {
    /// Byte offsets of the non-overlapping occurrences of `needle`, left to right.
    ///
    /// Searches UTF-8 bytes: a valid UTF-8 needle can only match at scalar boundaries, and
    /// this matches Ruby's code-point semantics (the stdlib's `firstRange(of:)` compares
    /// grapheme clusters and is several times slower).
    func utf8Matches(of needle: String, limit: Int = Int.max) -> [Int] {
        let hay = Array(utf8)
        let pin = Array(needle.utf8)
        guard !pin.isEmpty, pin.count <= hay.count else { return [] }
        var matches: [Int] = []
        var i = 0
        let first = pin[0]
        let last = hay.count - pin.count
        while i <= last, matches.count < limit {
            if hay[i] == first {
                var k = 1
                while k < pin.count && hay[i + k] == pin[k] { k += 1 }
                if k == pin.count {
                    matches.append(i)
                    i += pin.count
                    continue
                }
            }
            i += 1
        }
        return matches
    }

    /// Splits on every occurrence of `separator` (non-empty), keeping empty fields.
    func components(separatedByLiteral separator: String) -> [String] {
        let matches = utf8Matches(of: separator)
        guard !matches.isEmpty else { return [self] }
        let bytes = Array(utf8)
        let width = separator.utf8.count
        var parts: [String] = []
        parts.reserveCapacity(matches.count + 1)
        var start = 0
        for m in matches {
            parts.append(String(decoding: bytes[start..<m], as: UTF8.self))
            start = m + width
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return components(separatedByLiteral: target).joined(separator: replacement)
    }

    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let m = utf8Matches(of: target, limit: 1).first else { return self }
        return replacing(at: m, width: target.utf8.count, with: replacement)
    }

    func replacingLast(_ target: String, with replacement: String) -> String {
        guard let m = utf8Matches(of: target).last else { return self }
        return replacing(at: m, width: target.utf8.count, with: replacement)
    }

    private func replacing(at offset: Int, width: Int, with replacement: String) -> String {
        let bytes = Array(utf8)
        return String(decoding: bytes[..<offset], as: UTF8.self) + replacement
            + String(decoding: bytes[(offset + width)...], as: UTF8.self)
    }
}
