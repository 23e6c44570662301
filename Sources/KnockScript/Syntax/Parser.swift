import KnockCore

/// Recursive-descent parser from tokens to `Program`. It recovers at statement boundaries so one
/// run reports every error in a file, and bounds nesting so hostile input cannot exhaust the stack.
///
/// ```swift
/// let file = SourceFile(path: "t.knock", text: "let x = 1 + 2\nexpect $x == 3\n")
/// let program = try Parser.parse(file)          // throws ParseErrors with every problem
/// let (p, errors) = Parser.parseRecovering(file) // or keep going and look at the list
/// ```
public struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var pos = 0
    var errors: [Diagnostic] = []
    var depth = 0
    /// Inside `where`/`map` expressions bare words read fields of `$it`.
    var stageDepth = 0

    static let maxDepth = 150
    static let maxErrors = 50

    /// Words that begin a statement of the language rather than a command.
    static let statementKeywords: Set<String> = [
        "let", "if", "for", "while", "repeat", "break", "continue", "fn", "return", "import",
        "test", "setup", "teardown", "expect", "try",
    ]
    /// Words with a meaning inside expressions; never the start of a command.
    static let expressionWords: Set<String> = ["true", "false", "null", "not"]

    init(file: SourceFile, range: Range<Int>? = nil) {
        self.file = file
        var lexer = Lexer(file: file, range: range)
        self.tokens = lexer.tokenize()
    }

    public static func parse(_ file: SourceFile) throws(ParseErrors) -> Program {
        let (program, errors) = parseRecovering(file)
        if !errors.isEmpty { throw ParseErrors(diagnostics: errors) }
        return program
    }

    public static func parseRecovering(_ file: SourceFile) -> (Program, [Diagnostic]) {
        var parser = Parser(file: file)
        let statements = parser.parseTopLevel()
        return (Program(file: file, statements: statements), parser.errors)
    }

    // MARK: Token helpers

    var tok: Token { tokens[pos] }
    var kind: TokenKind { tokens[pos].kind }
    func peekKind(_ n: Int = 1) -> TokenKind { tokens[min(pos + n, tokens.count - 1)].kind }
    func peekToken(_ n: Int = 1) -> Token { tokens[min(pos + n, tokens.count - 1)] }

    mutating func advance() {
        if pos < tokens.count - 1 { pos += 1 }
    }

    func location(_ t: Token? = nil) -> SourceLocation { file.location(offset: (t ?? tok).start) }

    func isSymbol(_ s: Symbol) -> Bool { kind == .symbol(s) }
    func isWord(_ w: String) -> Bool { kind == .word(w) }

    mutating func skipNewlines() {
        while kind == .newline { advance() }
    }

    func error(_ message: String, at t: Token? = nil, hint: String? = nil) -> Diagnostic {
        let t = t ?? tok
        if case .error(let m, let h) = t.kind {
            return Diagnostic(m, at: location(t), length: max(1, t.end - t.start), hint: h)
        }
        if t.kind == .eof, pos > 0 {
            // At the end of the file, point just after the last real token, where the text stopped.
            var k = pos - 1
            while k > 0, tokens[k].kind == .newline { k -= 1 }
            return Diagnostic(message, at: file.location(offset: tokens[k].end), hint: hint)
        }
        return Diagnostic(message, at: location(t), length: max(1, t.end - t.start), hint: hint)
    }

    func unexpected(_ expected: String, hint: String? = nil) -> Diagnostic {
        error("expected \(expected), found \(kind.display)", hint: hint)
    }

    mutating func expectSymbol(_ s: Symbol, _ context: String, hint: String? = nil) throws {
        guard isSymbol(s) else { throw unexpected("'\(s.rawValue)' \(context)", hint: hint) }
        advance()
    }

    /// Guards recursion: every nested block, bracket or operand goes through here.
    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            throw error("nesting is too deep", hint: "split the expression or block into smaller pieces")
        }
        return try body(&self)
    }

    // MARK: Blocks and recovery

    mutating func parseTopLevel() -> [Statement] {
        var statements: [Statement] = []
        while true {
            skipTerminators()
            if kind == .eof || errors.count >= Self.maxErrors { break }
            if isSymbol(.rbrace) {
                errors.append(error("unexpected '}'", hint: "this closes a block that was never opened"))
                advance()
                continue
            }
            parseStatementRecovering(into: &statements)
        }
        return statements
    }

    mutating func parseStatementRecovering(into statements: inout [Statement]) {
        do {
            let statement = try parseStatement()
            try expectTerminator()
            statements.append(statement)
        } catch let d as Diagnostic {
            errors.append(d)
            synchronize()
        } catch {
            errors.append(Diagnostic("\(error)", at: location()))
            synchronize()
        }
    }

    mutating func skipTerminators() {
        while kind == .newline || isSymbol(.semicolon) { advance() }
    }

    mutating func expectTerminator() throws {
        switch kind {
        case .newline, .symbol(.semicolon): skipTerminators()
        case .eof, .symbol(.rbrace): break
        default:
            throw error("unexpected \(kind.display) after the end of the statement",
                        hint: "put one statement per line, or separate them with ';'")
        }
    }

    /// Skips to the next line at the current bracket depth, leaving a closing '}' for the block.
    mutating func synchronize() {
        var nesting = 0
        while true {
            switch kind {
            case .eof: return
            case .newline where nesting == 0: skipTerminators(); return
            case .symbol(.lbrace), .symbol(.lparen), .symbol(.lbracket): nesting += 1
            case .symbol(.rbrace) where nesting == 0: return
            case .symbol(.rbrace), .symbol(.rparen), .symbol(.rbracket): nesting = max(0, nesting - 1)
            default: break
            }
            advance()
        }
    }

    mutating func parseBlock(_ context: String) throws -> Block {
        let open = tok
        guard isSymbol(.lbrace) else {
            throw unexpected("'{' to start \(context)")
        }
        advance()
        return try nested { p in
            var statements: [Statement] = []
            while true {
                p.skipTerminators()
                if p.isSymbol(.rbrace) { p.advance(); break }
                if p.kind == .eof {
                    throw p.error("missing '}' to close \(context)", at: open, hint: "the block opened here never closes")
                }
                if p.errors.count >= Self.maxErrors { throw p.error("too many errors") }
                p.parseStatementRecovering(into: &statements)
            }
            return Block(statements: statements, location: p.location(open))
        }
    }
}
