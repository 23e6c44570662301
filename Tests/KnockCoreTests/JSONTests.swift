import Testing
@testable import KnockCore

@Suite struct JSONTests {
    @Test func parsesAndKeepsKeyOrder() throws {
        let v = try JSON.parse(#"{"b": 1, "a": [true, null, 2.5, "x\n\u00e9"], "c": {}}"#)
        #expect(v.objectValue.map { Array($0.keys) } == ["b", "a", "c"])
        #expect(v["a"] == [true, nil, 2.5, "x\né"])
        #expect(v.serialized() == #"{"b":1,"a":[true,null,2.5,"x\né"],"c":{}}"#)
    }

    @Test func integersStayIntegers() throws {
        #expect(try JSON.parse("9007199254740993") == .int(9007199254740993))
        #expect(try JSON.parse("1.0") == .double(1.0))
        #expect(JSON.double(3).serialized() == "3.0")
        #expect(try JSON.parse("-0.5e1") == .double(-5))
    }

    /// Integers are read digit by digit; past `Int`'s range, and with a fraction or exponent,
    /// they become doubles as before.
    @Test func integerEdgesKeepTheirValues() throws {
        #expect(try JSON.parse("[0, -0, 7, -42, 1795839444429992]") == [0, 0, 7, -42, .int(1795839444429992)])
        #expect(try JSON.parse("9223372036854775807") == .int(Int.max))
        #expect(try JSON.parse("-9223372036854775808") == .int(Int.min))
        #expect(try JSON.parse("9223372036854775808") == .double(9223372036854775808))
        #expect(try JSON.parse("12e2") == .double(1200))
        #expect(try JSON.parse("[-7.25]") == [-7.25])
        #expect(throws: JSONParseError.self) { try JSON.parse("-") }
        #expect(throws: JSONParseError.self) { try JSON.parse("01") }
    }

    /// Integers are written digit by digit, with the same text `String(_:)` gives.
    @Test func integersWriteAsTheirDecimalText() {
        for n in [0, 7, -7, 10, -100, 1795839444429992, Int.max, Int.min, Int.min + 1] {
            #expect(JSON.int(n).serialized() == String(n))
            var w = JSONObjectWriter()
            w.int("n", n)
            #expect(w.finish() == "{\"n\":\(n)}")
        }
    }

    @Test func fieldsAreReadInOrderAndUntakenOnesSkipped() throws {
        var seen: [String] = []
        var id: String?, n: Int?, none: String? = "set", nested: [String: Int] = [:]
        try JSON.readFields(#" {"id": "m\"1", "skip": {"deep": [1, {"x": null}]}, "n": 3, "none": null, "o": {"a": 1, "b": 2}} "#) {
            key, field throws(JSONParseError) in
            seen.append(key)
            switch key {
            case "id": id = try field.string()
            case "n": n = try field.value().intValue
            case "none": none = try field.string()
            case "o": try field.fields { k, v throws(JSONParseError) in nested[k] = try v.value().intValue }
            default: break
            }
        }
        #expect(seen == ["id", "skip", "n", "none", "o"])
        #expect(id == "m\"1")
        #expect(n == 3)
        #expect(none == nil)
        #expect(nested == ["a": 1, "b": 2])
    }

    @Test func fieldReaderRefusesWhatParseRefuses() {
        func read(_ text: String) throws(JSONParseError) { try JSON.readFields(text) { _, _ throws(JSONParseError) in } }
        #expect(throws: JSONParseError.self) { try read("[1]") }
        #expect(throws: JSONParseError.self) { try read(#"{"a": 1"#) }
        #expect(throws: JSONParseError.self) { try read(#"{"a": 1} x"#) }
        #expect(throws: JSONParseError.self) { try read(#"{"a": tru}"#) }
        #expect(throws: JSONParseError.self) {
            try JSON.readFields(#"{"a": 5}"#) { _, field throws(JSONParseError) in _ = try field.string() }
        }
    }

    @Test func surrogatePairsDecode() throws {
        #expect(try JSON.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test func errorsNameLineAndColumn() {
        do {
            _ = try JSON.parse("{\n  \"a\": tru\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 8)
        }
        #expect(throws: JSONParseError.self) { try JSON.parse("[1,]") }
        #expect(throws: JSONParseError.self) { try JSON.parse("\"abc") }
        #expect(throws: JSONParseError.self) { try JSON.parse(String(repeating: "[", count: 10_000)) }
        #expect(throws: JSONParseError.self) { try JSON.parse("01") }
    }

    @Test func escapesControlCharacters() {
        #expect(JSON.string("a\"b\\c\u{01}").serialized() == #""a\"b\\c\u0001""#)
    }

    @Test func prettyPrintIndents() {
        let v: JSON = ["a": [1, 2], "b": [:]]
        #expect(v.prettyPrinted() == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}")
    }
}
