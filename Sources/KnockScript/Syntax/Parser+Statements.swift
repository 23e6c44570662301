import KnockCore

extension Parser {
    mutating func parseStatement() throws -> Statement {
        let loc = location()
        guard case .word(let word) = kind else {
            if isSymbol(.lbrace) { return Statement(.block(try parseBlock("a block")), at: loc) }
            return Statement(.expression(try parseExpression()), at: loc)
        }
        switch word {
        case "let": return try parseLet()
        case "if": return try parseIf()
        case "for": return try parseFor()
        case "while":
            advance()
            let condition = try parseExpression()
            return Statement(.while(condition, try parseBlock("the while body")), at: loc)
        case "repeat":
            advance()
            let count = try parseExpression()
            return Statement(.repeat(count, try parseBlock("the repeat body")), at: loc)
        case "break": advance(); return Statement(.break, at: loc)
        case "continue": advance(); return Statement(.continue, at: loc)
        case "return":
            advance()
            if atStatementEnd { return Statement(.return(nil), at: loc) }
            return Statement(.return(try parseExpressionOrCommand()), at: loc)
        case "fn": return try parseFunction()
        case "import":
            advance()
            guard let path = plainString(kind) else {
                throw unexpected("a quoted file path after 'import'", hint: #"import "lib/fixtures.knock""#)
            }
            advance()
            return Statement(.import(path), at: loc)
        case "test":
            advance()
            guard let name = plainString(kind) else {
                throw unexpected("a quoted test name", hint: #"test "a comment notifies the author" { ... }"#)
            }
            advance()
            return Statement(.test(name, try parseBlock("the test body")), at: loc)
        case "setup": advance(); return Statement(.setup(try parseBlock("setup")), at: loc)
        case "teardown": advance(); return Statement(.teardown(try parseBlock("teardown")), at: loc)
        case "expect": return try parseExpect()
        case "try": return try parseTry()
        case "else":
            throw error("'else' without an 'if'", hint: "put 'else' on the same line as the '}' that closes the if block")
        case "catch":
            throw error("'catch' without a 'try'")
        default:
            break
        }
        // `name = value`, `name += value`, `name.path = value`
        let next = peekToken()
        switch next.kind {
        case .symbol(.assign), .symbol(.plusAssign), .symbol(.minusAssign):
            return try parseAssignment(word, path: [], at: loc)
        case .symbol(.dot), .symbol(.lbracket):
            guard !next.spaceBefore else { break }
            let saved = pos
            advance()
            if let path = try? parseAssignPath(), case .symbol(let s) = kind, [.assign, .plusAssign, .minusAssign].contains(s) {
                pos -= 1
                return try parseAssignment(word, path: path, at: loc)
            }
            pos = saved
        case .symbol(.lparen):
            // `name(args)` with no space is a function call, not a command.
            if !next.spaceBefore { return Statement(.expression(try parseExpression()), at: loc) }
        default: break
        }
        if (word == "wait" && next.kind == .word("until")) || Self.expressionWords.contains(word) {
            return Statement(.expression(try parseExpression()), at: loc)
        }
        return Statement(.expression(try parseCommandPipeline()), at: loc)
    }

    var atStatementEnd: Bool {
        switch kind {
        case .newline, .eof, .symbol(.semicolon), .symbol(.rbrace): return true
        default: return false
        }
    }

    func plainString(_ k: TokenKind) -> String? {
        switch k {
        case .rawString(let s): return s
        case .string(let parts):
            var s = ""
            for part in parts {
                guard case .text(let t) = part else { return nil }
                s += t
            }
            return s
        default: return nil
        }
    }

    mutating func parseName(_ what: String) throws -> String {
        if case .variable(let v) = kind {
            throw error("write the name without '$' here", hint: "declare with 'let \(v) = ...' and read it as '$\(v)'")
        }
        guard case .word(let w) = kind, !Self.statementKeywords.contains(w), !Self.expressionWords.contains(w) else {
            throw unexpected(what)
        }
        advance()
        return w
    }

    mutating func parseLet() throws -> Statement {
        let loc = location()
        advance()
        let name = try parseName("a variable name after 'let'")
        guard isSymbol(.assign) else { throw unexpected("'=' after 'let \(name)'", hint: "let \(name) = VALUE") }
        advance()
        return Statement(.let(name, try parseExpressionOrCommand()), at: loc)
    }

    mutating func parseAssignPath() throws -> [PathStep] {
        var path: [PathStep] = []
        while !tok.spaceBefore {
            if isSymbol(.dot), case .word(let w) = peekKind() {
                advance(); advance()
                path.append(.field(w))
            } else if isSymbol(.lbracket) {
                advance()
                let index = try parseExpression()
                try expectSymbol(.rbracket, "to close the index")
                path.append(.index(index))
            } else {
                break
            }
        }
        return path
    }

    mutating func parseAssignment(_ name: String, path: [PathStep], at loc: SourceLocation) throws -> Statement {
        advance()
        guard case .symbol(let s) = kind, let op = AssignOperator(rawValue: s.rawValue) else {
            throw unexpected("'='")
        }
        advance()
        return Statement(.assign(name, path, op, try parseExpressionOrCommand()), at: loc)
    }

    mutating func parseIf() throws -> Statement {
        let loc = location()
        var branches: [(condition: Expr, body: Block)] = []
        var otherwise: Block?
        advance()
        branches.append((try parseExpression(), try parseBlock("the if body")))
        while true {
            // `else` may follow the closing brace on the next line.
            let saved = pos
            skipNewlines()
            guard isWord("else") else { pos = saved; break }
            advance()
            if isWord("if") {
                advance()
                branches.append((try parseExpression(), try parseBlock("the else-if body")))
            } else {
                otherwise = try parseBlock("the else body")
                break
            }
        }
        return Statement(.if(branches, otherwise: otherwise), at: loc)
    }

    mutating func parseFor() throws -> Statement {
        let loc = location()
        advance()
        let first = try parseName("a loop variable after 'for'")
        var second: String?
        if isSymbol(.comma) {
            advance()
            second = try parseName("a second loop variable")
        }
        guard isWord("in") else { throw unexpected("'in'", hint: "for item in $list { ... }") }
        advance()
        let iterable = try parseExpression()
        return Statement(.for(first, second, iterable, try parseBlock("the for body")), at: loc)
    }

    mutating func parseFunction() throws -> Statement {
        let loc = location()
        advance()
        let name = try parseName("a function name after 'fn'")
        try expectSymbol(.lparen, "after the function name", hint: "fn \(name)(a, b) { ... }")
        var params: [String] = []
        while !isSymbol(.rparen) {
            let p = try parseName("a parameter name")
            if params.contains(p) { throw error("parameter '\(p)' appears twice") }
            params.append(p)
            if isSymbol(.comma) { advance() } else { break }
        }
        try expectSymbol(.rparen, "to close the parameter list")
        let body = try parseBlock("the body of \(name)")
        return Statement(.function(FunctionDeclaration(name: name, parameters: params, body: body)), at: loc)
    }

    mutating func parseExpect() throws -> Statement {
        let loc = location()
        advance()
        if isWord("error") {
            switch peekKind() {
            case .int, .string, .rawString, .symbol(.lbrace):
                advance()
                var matcher: Expr?
                if !isSymbol(.lbrace) { matcher = try parsePrimary() }
                return Statement(.expectError(matcher, try parseBlock("the expect error block")), at: loc)
            default: break
            }
        }
        let condition = try parseExpression()
        var message: Expr?
        if isWord("else") {
            advance()
            message = try parseExpression()
        }
        return Statement(.expect(condition, message: message), at: loc)
    }

    mutating func parseTry() throws -> Statement {
        let loc = location()
        advance()
        let body = try parseBlock("the try block")
        let saved = pos
        skipNewlines()
        guard isWord("catch") else {
            pos = saved
            throw unexpected("'catch' after the try block", hint: "try { ... } catch $e { ... }")
        }
        advance()
        var name: String?
        switch kind {
        case .variable(let v): name = v; advance()
        case .word(let w) where w != "{": name = w; advance()
        default: break
        }
        return Statement(.try(body, catchName: name, try parseBlock("the catch block")), at: loc)
    }
}
