import Testing
import KnockCore
@testable import KnockShell

@Suite struct RenderingTests {
    let plain = Palette(enabled: false)

    @Test func tablesAlignColumnsAndRightAlignNumbers() {
        let rows: [JSONObject] = [
            ["id": "u1", "name": "Ada", "count": 5],
            ["id": "u22", "name": "Zoë 日本", "count": 120, "extra": ["a": 1]],
        ]
        let text = TableRenderer(palette: plain, width: 80).render(rows: rows)
        #expect(text == """
            id   name      count  extra
            ---  --------  -----  -------
            u1   Ada           5
            u22  Zoë 日本    120  {"a":1}
            (2 rows)
            """)
    }

    @Test func columnsThatDoNotFitAreNamed() {
        let rows: [JSONObject] = [["id": "u1", "name": "Ada Lovelace", "email": "ada@example.com"]]
        let text = TableRenderer(palette: plain, width: 20).render(rows: rows)
        #expect(text.split(separator: "\n").first == "id  name")
        #expect(text.hasSuffix("(1 row, 1 more columns: email)"))
    }

    @Test func listResponsesBecomeTablesWithTheNextPage() {
        let value: JSON = ["entries": [["id": "u1"]], "page_info": ["after": "c1", "before": nil]]
        let r = ResultRenderer(palette: plain, format: .table, isTerminal: true, width: 80)
        #expect(r.render(value) == "id\n--\nu1\n(1 row; next page: --after c1)")
        var json = r
        json.format = .json
        #expect(json.render(value) == value.prettyPrinted())
    }

    @Test func pipesGetPlainJSONEvenForLists() {
        let value: JSON = [["id": "u1"]]
        let r = ResultRenderer(palette: Palette(enabled: true), format: .table, isTerminal: false)
        #expect(r.render(value) == value.prettyPrinted())
    }

    @Test func colorsWrapTokensAndNoColorTurnsThemOff() {
        let colored = JSONRenderer(palette: Palette(enabled: true)).render(["a": true])
        #expect(colored == "{\n  \u{1B}[34m\"a\"\u{1B}[0m: \u{1B}[35mtrue\u{1B}[0m\n}")
        #expect(!Palette.colorsWanted(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(Palette.colorsWanted(isTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!Palette.colorsWanted(isTerminal: false, environment: [:]))
    }

    @Test func errorsShowTheirHint() {
        let r = ResultRenderer(palette: plain, isTerminal: false)
        #expect(r.renderError(ShellError("user not found", hint: "try users list")) == "error: user not found\nhint: try users list")
    }

    @Test func lastExchangeHidesTheKey() {
        let x = ShellExchange(method: "GET", url: "http://x/v1/users/u1",
                              requestHeaders: [("Authorization", "Bearer whatever-token-shape")],
                              status: 200, responseBody: ["id": "u1"], milliseconds: 2)
        let text = ResultRenderer(palette: plain, isTerminal: false).renderExchange(x, redactor: BasicSecretRedactor())
        #expect(text.contains("Authorization: Bearer [REDACTED]"))
        #expect(!text.contains("whatever-token-shape"))
        #expect(text.contains("HTTP 200 (2.0 ms)"))
    }

    @Test func widthsCountWideCharacters() {
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
    }
}
