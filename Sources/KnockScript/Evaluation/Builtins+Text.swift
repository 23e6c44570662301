import KnockCore

extension Builtins {
    mutating func addText() {
        add("str", 1...1, "str(x)", "Text of a value: strings as they are, others as literals") { c in .string(c[0].text) }
        add("upper", 1...1, "upper(s)", "Upper-case") { c in .string(try c.string(0).uppercased()) }
        add("lower", 1...1, "lower(s)", "Lower-case") { c in .string(try c.string(0).lowercased()) }
        add("trim", 1...1, "trim(s)", "Without leading and trailing whitespace") { c in
            let s = try c.string(0)
            return .string(String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()))
        }
        add("split", 2...2, "split(s, separator)", "Pieces of s between separators") { c in
            let s = try c.string(0), sep = try c.string(1)
            if sep.isEmpty { return .list(s.map { .string(String($0)) }) }
            return .list(s.split(separator: sep, omittingEmptySubsequences: false).map { .string(String($0)) })
        }
        add("join", 1...2, "join(list, separator)", "Items as text joined by the separator (\"\" by default)") { c in
            let sep = c.arguments.count == 2 ? try c.string(1) : ""
            return .string(try c.list(0).map(\.text).joined(separator: sep))
        }
        add("replace", 3...3, "replace(s, old, new)", "Every occurrence of old replaced by new") { c in
            let s = try c.string(0), old = try c.string(1), new = try c.string(2)
            guard !old.isEmpty else { return .string(s) }
            let result = s.split(separator: old, omittingEmptySubsequences: false).joined(separator: new)
            if result.utf8.count > Ops.maxStringBytes { throw Ops.tooLarge("string", at: c.location) }
            return .string(result)
        }
        add("uuid", 0...0, "uuid()", "A random UUID v4") { _ in
            var g = SystemRandomNumberGenerator()
            var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &g) }
            bytes[6] = (bytes[6] & 0x0F) | 0x40
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            let hex = bytes.map { b -> String in
                let s = String(b, radix: 16)
                return s.count == 1 ? "0" + s : s
            }
            let groups = [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
            return .string(groups.joined(separator: "-"))
        }
        add("now", 0...0, "now()", "The current UTC time as ISO 8601 text") { _ in
            .string(MonotonicClock.iso8601(milliseconds: MonotonicClock.wallMilliseconds()))
        }
        add("env", 1...2, "env(name, default)", "An environment variable, or the default (null) when unset") { c in
            Environment.get(try c.string(0)).map { .string($0) } ?? c[1]
        }
        add("type", 1...1, "type(x)", "The type name: null, bool, int, float, string, list, record, duration, range, function") { c in
            .string(c[0].typeName)
        }
    }
}
