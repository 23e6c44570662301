import KnockCore

extension Parser {
    /// Where a value is expected after `=`, inside `(`, or as a call argument, a bare word that is
    /// not a call starts a command: `let run = workflows trigger k {...}`.
    mutating func parseExpressionOrCommand() throws -> Expr {
        if case .word(let w) = kind, stageDepth == 0, !Self.expressionWords.contains(w) {
            let next = peekToken()
            let isCall = next.kind == .symbol(.lparen) && !next.spaceBefore
            let isWaitUntil = w == "wait" && next.kind == .word("until")
            if !isCall && !isWaitUntil { return try parseCommandPipeline() }
        }
        return try parseExpression()
    }

    /// The lowest precedence: `a | where x > 1 | map y`.
    public mutating func parseExpression() throws -> Expr {
        try nested { p in
            var e = try p.parseOr()
            while p.isSymbol(.pipe) { e = try p.parsePipeStage(input: e) }
            return e
        }
    }

    mutating func parsePipeStage(input: Expr) throws -> Expr {
        let loc = location()
        advance()
        skipNewlines()
        guard case .word(let name) = kind else {
            throw unexpected("a pipeline stage after '|'", hint: "for example: | where status == \"sent\" | map id | len")
        }
        let stageToken = tok
        advance()
        if PipeStage.itemStages.contains(name) {
            stageDepth += 1
            defer { stageDepth -= 1 }
            let body = try parseOr()
            return Expr(.pipe(input, .each(name, body)), at: loc, start: input.start)
        }
        var args: [Expr] = []
        if isSymbol(.lparen) && !tok.spaceBefore {
            args = try parseCallArguments()
        }
        _ = stageToken
        return Expr(.pipe(input, .function(name, args)), at: loc, start: input.start)
    }

    mutating func parseOr() throws -> Expr {
        var e = try parseAnd()
        while isWord("or") {
            let loc = location()
            advance(); skipNewlines()
            e = Expr(.binary(.or, e, try parseAnd()), at: loc, start: e.start)
        }
        return e
    }

    mutating func parseAnd() throws -> Expr {
        var e = try parseNot()
        while isWord("and") {
            let loc = location()
            advance(); skipNewlines()
            e = Expr(.binary(.and, e, try parseNot()), at: loc, start: e.start)
        }
        return e
    }

    mutating func parseNot() throws -> Expr {
        if isWord("not") {
            let loc = location()
            advance()
            return try nested { p in Expr(.unary(.not, try p.parseNot()), at: loc) }
        }
        return try parseComparison()
    }

    mutating func comparisonOperator() -> (BinaryOperator, Int)? {
        switch kind {
        case .symbol(.eq): return (.equal, 1)
        case .symbol(.ne): return (.notEqual, 1)
        case .symbol(.lt): return (.less, 1)
        case .symbol(.le): return (.lessEqual, 1)
        case .symbol(.gt): return (.greater, 1)
        case .symbol(.ge): return (.greaterEqual, 1)
        case .word("in"): return (.in, 1)
        case .word("contains"): return (.contains, 1)
        case .word("matches"): return (.matches, 1)
        case .word("starts-with"): return (.startsWith, 1)
        case .word("ends-with"): return (.endsWith, 1)
        case .word("not") where peekKind() == .word("in"): return (.notIn, 2)
        default: return nil
        }
    }

    mutating func parseComparison() throws -> Expr {
        let lhs = try parseRange()
        guard let (op, width) = comparisonOperator() else { return lhs }
        let loc = location()
        for _ in 0..<width { advance() }
        skipNewlines()
        let rhs = try parseRange()
        if comparisonOperator() != nil {
            throw error("comparisons cannot be chained", hint: "join them with 'and': $a < $b and $b < $c")
        }
        return Expr(.binary(op, lhs, rhs), at: loc, start: lhs.start)
    }

    mutating func parseRange() throws -> Expr {
        let lhs = try parseAdditive()
        if isSymbol(.dotDot) || isSymbol(.dotDotLess) {
            let inclusive = isSymbol(.dotDot)
            let loc = location()
            advance()
            let rhs = try parseAdditive()
            return Expr(.range(lhs, rhs, inclusive: inclusive), at: loc, start: lhs.start)
        }
        return lhs
    }

    mutating func parseAdditive() throws -> Expr {
        var e = try parseMultiplicative()
        while true {
            let op: BinaryOperator
            switch kind {
            case .symbol(.plus): op = .add
            case .symbol(.minus): op = .subtract
            default: return e
            }
            let loc = location()
            advance(); skipNewlines()
            e = Expr(.binary(op, e, try parseMultiplicative()), at: loc, start: e.start)
        }
    }

    mutating func parseMultiplicative() throws -> Expr {
        var e = try parseUnary()
        while true {
            let op: BinaryOperator
            switch kind {
            case .symbol(.star): op = .multiply
            case .symbol(.slash): op = .divide
            case .symbol(.percent): op = .remainder
            default: return e
            }
            let loc = location()
            advance(); skipNewlines()
            e = Expr(.binary(op, e, try parseUnary()), at: loc, start: e.start)
        }
    }

    mutating func parseUnary() throws -> Expr {
        if isSymbol(.minus) {
            let loc = location()
            advance()
            return try nested { p in
                let operand = try p.parseUnary()
                switch operand.kind {
                case .int(let i): return Expr(.int(-i), at: loc)
                case .double(let d): return Expr(.double(-d), at: loc)
                default: return Expr(.unary(.negate, operand), at: loc)
                }
            }
        }
        if isSymbol(.bang) {
            throw error("'!' is not an operator here", hint: "use 'not' for negation and '!=' for inequality")
        }
        return try parsePostfix(try parsePrimary())
    }

    /// `.field`, `?.field` and `[index]` bind only when written without a space before them.
    mutating func parsePostfix(_ base: Expr) throws -> Expr {
        var e = base
        while !tok.spaceBefore {
            let loc = location()
            if isSymbol(.dot) || isSymbol(.questionDot) {
                let optional = isSymbol(.questionDot)
                advance()
                // A field node is located at its name (errors point there); `start` stays at the
                // base, which is where a power assertion draws the value.
                let nameLoc = location()
                switch kind {
                case .word(let w): advance(); e = Expr(.field(e, w, optional: optional), at: nameLoc, start: e.start)
                case .int(let i): advance(); e = Expr(.index(e, Expr(.int(i), at: nameLoc), optional: optional), at: e.location, start: e.start)
                case .string, .rawString:
                    guard let key = plainString(kind) else { throw unexpected("a field name") }
                    advance(); e = Expr(.field(e, key, optional: optional), at: nameLoc, start: e.start)
                default: throw unexpected("a field name after '.'")
                }
            } else if isSymbol(.lbracket) {
                advance()
                let index = try nested { p -> Expr in
                    p.skipNewlines()
                    let i = try p.parseExpression()
                    p.skipNewlines()
                    return i
                }
                try expectSymbol(.rbracket, "to close the index")
                e = Expr(.index(e, index, optional: false), at: e.location, start: e.start)
            } else {
                break
            }
        }
        return e
    }

    mutating func parseCallArguments() throws -> [Expr] {
        advance()
        return try nested { p in
            var args: [Expr] = []
            p.skipNewlines()
            while !p.isSymbol(.rparen) {
                args.append(try p.parseExpressionOrCommand())
                p.skipNewlines()
                if p.isSymbol(.comma) { p.advance(); p.skipNewlines() } else { break }
            }
            try p.expectSymbol(.rparen, "to close the argument list")
            return args
        }
    }

    mutating func parsePrimary() throws -> Expr {
        let t = tok
        let loc = location()
        switch t.kind {
        case .int(let i): advance(); return Expr(.int(i), at: loc)
        case .double(let d): advance(); return Expr(.double(d), at: loc)
        case .duration(let d): advance(); return Expr(.duration(d), at: loc)
        case .rawString(let s): advance(); return Expr(.string(s), at: loc)
        case .string(let parts): advance(); return try interpolated(parts, at: loc)
        case .variable(let name): advance(); return Expr(.variable(name), at: loc)
        case .symbol(.lparen):
            advance()
            return try nested { p in
                p.skipNewlines()
                let inner = try p.parseExpressionOrCommand()
                p.skipNewlines()
                try p.expectSymbol(.rparen, "to close the parenthesis")
                return inner
            }
        case .symbol(.lbracket): return try parseList()
        case .symbol(.lbrace): return try parseRecord()
        case .word(let w):
            switch w {
            case "true": advance(); return Expr(.bool(true), at: loc)
            case "false": advance(); return Expr(.bool(false), at: loc)
            case "null": advance(); return Expr(.null, at: loc)
            case "wait" where peekKind() == .word("until"): return try parseWaitUntil()
            default: break
            }
            let next = peekToken()
            if next.kind == .symbol(.lparen) && !next.spaceBefore {
                advance()
                return Expr(.call(w, try parseCallArguments()), at: loc)
            }
            if stageDepth > 0 {
                advance()
                return Expr(.itField(w), at: loc)
            }
            throw error("unexpected bare word '\(w)' in an expression",
                        hint: "quote it (\"\(w)\") for text, call it as \(w)(...) for a function, or wrap a command in parentheses: (\(w) ...)")
        case .error: throw error("")
        default:
            throw unexpected("an expression")
        }
    }

    mutating func parseList() throws -> Expr {
        let loc = location()
        advance()
        return try nested { p in
            var items: [Expr] = []
            p.skipNewlines()
            while !p.isSymbol(.rbracket) {
                items.append(try p.parseExpression())
                let hadNewline = p.kind == .newline
                p.skipNewlines()
                if p.isSymbol(.comma) { p.advance(); p.skipNewlines() } else if !hadNewline { break }
            }
            try p.expectSymbol(.rbracket, "to close the list", hint: "separate items with ','")
            return Expr(.list(items), at: loc)
        }
    }

    mutating func parseRecord() throws -> Expr {
        let loc = location()
        advance()
        return try nested { p in
            var entries: [RecordEntry] = []
            p.skipNewlines()
            while !p.isSymbol(.rbrace) {
                let key: String
                switch p.kind {
                case .word(let w): key = w
                case .int(let i): key = String(i)
                case .string, .rawString:
                    guard let k = p.plainString(p.kind) else { throw p.error("record keys cannot be interpolated") }
                    key = k
                case .variable(let v):
                    throw p.error("a record key is a name, not a variable", hint: "write {\(v): $\(v)}")
                default: throw p.unexpected("a record key", hint: "records look like {name: \"Ada\", \"odd key\": 1}")
                }
                p.advance()
                try p.expectSymbol(.colon, "after the record key '\(key)'", hint: "{\(key): VALUE}")
                p.skipNewlines()
                entries.append(RecordEntry(key: key, value: try p.parseExpression()))
                let hadNewline = p.kind == .newline
                p.skipNewlines()
                if p.isSymbol(.comma) { p.advance(); p.skipNewlines() } else if !hadNewline { break }
            }
            try p.expectSymbol(.rbrace, "to close the record", hint: "separate entries with ','")
            return Expr(.record(entries), at: loc)
        }
    }

    mutating func parseWaitUntil() throws -> Expr {
        let loc = location()
        advance(); advance()
        let condition = try parseExpression()
        var within: Expr?
        var every: Expr?
        while case .word(let w) = kind, w == "within" || w == "every" {
            advance()
            let value = try parseAdditive()
            if w == "within" { within = value } else { every = value }
        }
        return Expr(.waitUntil(condition: condition, within: within, every: every), at: loc)
    }

    /// Parses each `$name.path` or `$(expr)` part of a double-quoted string from its own range.
    mutating func interpolated(_ parts: [StringPart], at loc: SourceLocation) throws -> Expr {
        var out: [InterpolationPart] = []
        for part in parts {
            switch part {
            case .text(let s): out.append(.text(s))
            case .code(let start, let end), .path(let start, let end):
                var isCode = false
                if case .code = part { isCode = true }
                var sub = Parser(file: file, range: start..<end)
                sub.depth = depth + 1
                let e: Expr
                if isCode {
                    sub.skipNewlines()
                    e = try sub.parseExpressionOrCommand()
                    sub.skipNewlines()
                } else {
                    guard case .variable(let name) = sub.kind else { throw sub.unexpected("a variable") }
                    let vloc = sub.location()
                    sub.advance()
                    e = try sub.parsePostfix(Expr(.variable(name), at: vloc))
                }
                guard sub.kind == .eof else {
                    throw sub.error("unexpected \(sub.kind.display) in the interpolation", hint: "interpolate an expression with $(...)")
                }
                out.append(.expr(e))
            }
        }
        if out.isEmpty { return Expr(.string(""), at: loc) }
        if out.count == 1, case .text(let s) = out[0] { return Expr(.string(s), at: loc) }
        return Expr(.interpolated(out), at: loc)
    }
}
