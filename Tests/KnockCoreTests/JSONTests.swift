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
