import KnockCore

/// JSON as indented, optionally colored text: keys blue, strings green, numbers yellow,
/// `true`/`false`/`null` magenta. Without colors it is exactly `JSON.prettyPrinted()`.
///
/// ```swift
/// JSONRenderer(palette: Palette(enabled: true)).render(["id": "u1", "n": 2])
/// ```
public struct JSONRenderer: Sendable {
    public var palette: Palette
    public var indent = "  "

    public init(palette: Palette) { self.palette = palette }

    public func render(_ value: JSON) -> String {
        guard palette.enabled else { return value.prettyPrinted() }
        var out = ""
        write(value, level: 0, into: &out)
        return out
    }

    private func write(_ value: JSON, level: Int, into out: inout String) {
        switch value {
        case .null, .bool: out += palette.literal(value.serialized())
        case .int, .double: out += palette.number(value.serialized())
        case .string: out += palette.string(value.serialized())
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "["
            for (i, element) in a.enumerated() {
                out += i == 0 ? "\n" : ",\n"
                pad(level + 1, &out)
                write(element, level: level + 1, into: &out)
            }
            out += "\n"
            pad(level, &out)
            out += "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (k, v)) in o.enumerated() {
                out += i == 0 ? "\n" : ",\n"
                pad(level + 1, &out)
                out += palette.key(JSON.string(k).serialized()) + ": "
                write(v, level: level + 1, into: &out)
            }
            out += "\n"
            pad(level, &out)
            out += "}"
        }
    }

    private func pad(_ level: Int, _ out: inout String) {
        for _ in 0..<level { out += indent }
    }
}
