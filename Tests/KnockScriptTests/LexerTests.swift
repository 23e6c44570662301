import Testing
import KnockCore
@testable import KnockScript

@Suite struct LexerTests {
    func kinds(_ text: String) -> [TokenKind] {
        var lexer = Lexer(file: SourceFile(path: "t", text: text))
        return lexer.tokenize().map(\.kind)
    }

    @Test func wordsKeepDashesButNotTrailingOnes() {
        #expect(kinds("new-comment in-app-feed a-") == [.word("new-comment"), .word("in-app-feed"), .word("a"), .symbol(.minus), .eof])
    }

    @Test func numbersDurationsAndRanges() {
        #expect(kinds("1..3 2.5 250ms 1m30s 1e3") == [
            .int(1), .symbol(.dotDot), .int(3), .double(2.5),
            .duration(KnockDuration(milliseconds: 250)), .duration(KnockDuration(milliseconds: 90_000)), .double(1000), .eof,
        ])
        #expect(kinds("0..<5") == [.int(0), .symbol(.dotDotLess), .int(5), .eof])
    }

    @Test func optionsVariablesAndSymbols() {
        #expect(kinds("--page-size $x.id == != <= ?.") == [
            .option("page-size"), .variable("x"), .symbol(.dot), .word("id"),
            .symbol(.eq), .symbol(.ne), .symbol(.le), .symbol(.questionDot), .eof,
        ])
    }

    @Test func stringEscapesAndInterpolation() throws {
        let tokens = kinds(#""a\n\$b $name.x[0] $(1 + 2)" 'raw $x\n'"#)
        guard case .string(let parts) = tokens[0] else { Issue.record("not a string"); return }
        #expect(parts.count == 4)
        #expect(parts[0] == .text("a\n$b "))
        if case .path(let s, let e) = parts[1] { #expect(e - s == "$name.x[0]".utf8.count) } else { Issue.record("no path part") }
        #expect(tokens[1] == .rawString(#"raw $x\n"#))
    }

    @Test func newlinesCollapseAndPipesContinueLines() {
        #expect(kinds("a\n\n\nb\n  | c") == [.word("a"), .newline, .word("b"), .symbol(.pipe), .word("c"), .eof])
        #expect(kinds("a \\\n b") == [.word("a"), .word("b"), .eof])
        #expect(kinds("a # comment\nb") == [.word("a"), .newline, .word("b"), .eof])
    }

    @Test func problemsBecomeErrorTokens() {
        let k = kinds("\"open")
        if case .error(let m, _) = k[0] { #expect(m.contains("unterminated")) } else { Issue.record("expected error, got \(k)") }
        if case .error(let m, _) = kinds("5xs")[0] { #expect(m.contains("duration")) } else { Issue.record("expected invalid duration") }
        if case .error(let m, _) = kinds("99999999999999999999")[0] { #expect(m.contains("too large")) } else { Issue.record("expected overflow") }
        if case .error = kinds("`")[0] {} else { Issue.record("expected unexpected character") }
    }

    @Test func spaceBeforeIsTracked() {
        var lexer = Lexer(file: SourceFile(path: "t", text: "f(x) g (y)"))
        let t = lexer.tokenize()
        #expect(t[1].spaceBefore == false)
        #expect(t[5].spaceBefore == true)
    }
}
