/// Reads a JSON object's fields one at a time straight from its UTF-8 text, without building the
/// object: for documents read on hot paths (every message of a feed or list page is one), where
/// the ordered dictionary of the whole document and the lookups into it cost more than the
/// parse itself. Values are taken as the caller asks for them; a field it does not take is
/// skipped.
///
/// ```swift
/// var id = "", n = 0
/// try JSON.readFields(#"{"id":"m1","n":3,"extra":[1]}"#) { key, field throws(JSONParseError) in
///     switch key {
///     case "id": id = try field.string() ?? ""
///     case "n": n = try field.value().intValue ?? 0
///     default: break                        // skipped
///     }
/// }
/// ```
public struct JSONFieldReader {
    fileprivate var parser: JSONByteParser

    fileprivate init(parser: JSONByteParser) { self.parser = parser }

    /// The value, whatever it is.
    public mutating func value() throws(JSONParseError) -> JSON { try parser.parseValue() }

    /// A string, or nil for `null`; any other value is an error.
    public mutating func string() throws(JSONParseError) -> String? {
        guard parser.index < parser.bytes.count else { throw parser.error("unexpected end of JSON") }
        switch parser.bytes[parser.index] {
        case UInt8(ascii: "\""): return try parser.parseString()
        case UInt8(ascii: "n"): try parser.expectLiteral("null"); return nil
        default: throw parser.error("expected a string")
        }
    }

    /// The fields of an object value, read the same way.
    public mutating func fields(_ body: (String, inout JSONFieldReader) throws(JSONParseError) -> Void) throws(JSONParseError) {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "{") else { throw parser.error("expected an object") }
        try parser.enter()
        parser.index += 1
        parser.skipWhitespace()
        if parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "}") {
            parser.index += 1
            parser.depth -= 1
            return
        }
        while true {
            parser.skipWhitespace()
            guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { throw parser.error("expected a string key") }
            let key = try parser.parseString()
            parser.skipWhitespace()
            guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: ":") else { throw parser.error("expected ':' after key") }
            parser.index += 1
            parser.skipWhitespace()
            let start = parser.index
            try body(key, &self)
            if parser.index == start { _ = try parser.parseValue() }   // not taken: skipped
            parser.skipWhitespace()
            guard parser.index < parser.bytes.count else { throw parser.error("unterminated object") }
            if parser.bytes[parser.index] == UInt8(ascii: ",") { parser.index += 1; continue }
            if parser.bytes[parser.index] == UInt8(ascii: "}") { parser.index += 1; parser.depth -= 1; return }
            throw parser.error("expected ',' or '}' in object")
        }
    }
}

extension JSON {
    /// Reads the fields of the JSON object in `text` in order (`JSONFieldReader`). Text that is
    /// not one JSON object throws, as `parse` would.
    public static func readFields(_ text: String, _ body: (String, inout JSONFieldReader) throws(JSONParseError) -> Void) throws(JSONParseError) {
        var text = text
        let result = text.withUTF8 { buffer in
            var reader = JSONFieldReader(parser: JSONByteParser(bytes: buffer))
            return Result { () throws(JSONParseError) in
                reader.parser.skipWhitespace()
                try reader.fields(body)
                reader.parser.skipWhitespace()
                if reader.parser.index < reader.parser.bytes.count { throw reader.parser.error("unexpected data after the JSON value") }
            }
        }
        try result.get()
    }
}
