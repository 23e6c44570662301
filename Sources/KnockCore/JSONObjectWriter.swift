/// Writes a JSON object's text field by field, straight to bytes, without building a `JSON`
/// tree first. For documents written on hot paths (a fan-out stores ~7 per recipient): building
/// the ordered dictionaries and then walking them cost about as much as writing the text.
///
/// ```swift
/// var w = JSONObjectWriter()
/// w.string("id", "m1")
/// w.object("channel") { $0.string("key", "in-app-feed") }
/// w.int("n", 3)
/// w.finish()   // {"id":"m1","channel":{"key":"in-app-feed"},"n":3}
/// ```
public struct JSONObjectWriter {
    private var out: [UInt8]
    private var empty = true

    public init(capacity: Int = 512) {
        out = []
        out.reserveCapacity(capacity)
        out.append(UInt8(ascii: "{"))
    }

    private init(continuing buffer: inout [UInt8]) {
        out = []
        swap(&out, &buffer)
        out.append(UInt8(ascii: "{"))
    }

    /// Keys are literals, written as they are: a key must need no escaping.
    private mutating func key(_ k: StaticString) {
        separate()
        out.append(UInt8(ascii: "\""))
        out.append(literal: k)
        out.append(literal: "\":")
    }

    /// The comma before every field but the first.
    private mutating func separate() {
        if !empty { out.append(UInt8(ascii: ",")) }
        empty = false
    }

    public mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        JSONWriter.writeString(value, into: &out)
    }

    /// The string, or `null`.
    public mutating func string(_ key: StaticString, _ value: String?) {
        guard let value else { return json(key, .null) }
        string(key, value)
    }

    public mutating func int(_ key: StaticString, _ value: Int) {
        self.key(key)
        JSONWriter.writeInt(value, into: &out)
    }

    public mutating func bool(_ key: StaticString, _ value: Bool) {
        self.key(key)
        out.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func json(_ key: StaticString, _ value: JSON) {
        self.key(key)
        JSONWriter.write(value, into: &out, indent: nil, level: 0)
    }

    /// A field whose key is not a literal (escaped as any string).
    public mutating func json(named key: String, _ value: JSON) {
        separate()
        JSONWriter.writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
        JSONWriter.write(value, into: &out, indent: nil, level: 0)
    }

    public mutating func strings(_ key: StaticString, _ values: [String]) {
        self.key(key)
        out.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(v, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A nested object written by `body`.
    public mutating func object(_ key: StaticString, _ body: (inout JSONObjectWriter) -> Void) {
        self.key(key)
        nested(body)
    }

    /// An array of objects, each written by `body`.
    public mutating func objects<S: Sequence>(_ key: StaticString, _ items: S, _ body: (S.Element, inout JSONObjectWriter) -> Void) {
        self.key(key)
        out.append(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            nested { body(item, &$0) }
        }
        out.append(UInt8(ascii: "]"))
    }

    /// An object value written by `body` into this writer's buffer.
    private mutating func nested(_ body: (inout JSONObjectWriter) -> Void) {
        var nested = JSONObjectWriter(continuing: &out)
        body(&nested)
        nested.out.append(UInt8(ascii: "}"))
        swap(&out, &nested.out)
    }

    /// The object's text.
    public mutating func finish() -> String {
        String(decoding: finishBytes(), as: UTF8.self)
    }

    /// The object's text as UTF-8 bytes, for storing without making a `String`.
    public mutating func finishBytes() -> [UInt8] {
        out.append(UInt8(ascii: "}"))
        return out
    }
}
