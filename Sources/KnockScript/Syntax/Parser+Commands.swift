import KnockCore

extension Parser {
    /// A command, optionally piped into stages: `messages list --status sent | map id`.
    mutating func parseCommandPipeline() throws -> Expr {
        var e = try parseCommand()
        while isSymbol(.pipe) { e = try parsePipeStage(input: e) }
        return e
    }

    /// `WORD WORD ARG... --opt VALUE... {body}` up to the end of the line or a closing bracket.
    mutating func parseCommand() throws -> Expr {
        let loc = location()
        var arguments: [CommandArgument] = []
        var options: [CommandOption] = []
        var lastWasRecord = false
        loop: while true {
            switch kind {
            case .newline, .eof, .symbol(.semicolon), .symbol(.rparen), .symbol(.rbracket),
                 .symbol(.rbrace), .symbol(.comma), .symbol(.pipe):
                break loop
            case .option(let name):
                let optionLoc = location()
                advance()
                var value: Expr?
                if isSymbol(.assign) && !tok.spaceBefore {
                    // `--name=value`, the unambiguous spelling (a flag right before a body: `--all=true {...}`).
                    advance()
                    guard startsCommandValue && !tok.spaceBefore else { throw unexpected("a value after '--\(name)='") }
                    value = try parseCommandAtom().value
                } else if startsCommandValue {
                    value = try parseCommandAtom().value
                }
                options.append(CommandOption(name: name, value: value, location: optionLoc))
                lastWasRecord = false
            case .word(let w) where (w == "within" || w == "every") && !arguments.isEmpty:
                // `wait message ... within 5s every 100ms`: the language's wait words, given to the command as options.
                let optionLoc = location()
                advance()
                guard startsCommandValue else { throw unexpected("a duration after '\(w)'", hint: "\(w) 5s") }
                options.append(CommandOption(name: w, value: try parseCommandAtom().value, location: optionLoc))
                lastWasRecord = false
            default:
                let argument = try parseCommandAtom()
                if case .record = argument.value.kind, !argument.isBareWord { lastWasRecord = true } else { lastWasRecord = false }
                arguments.append(argument)
            }
        }
        var body: Expr?
        if lastWasRecord, let last = arguments.last {
            body = last.value
            arguments.removeLast()
        }
        return Expr(.command(CommandCall(arguments: arguments, options: options, body: body, location: loc)), at: loc)
    }

    /// True when the current token can be an option's value (not the end, not another option).
    var startsCommandValue: Bool {
        switch kind {
        case .newline, .eof, .option, .symbol(.semicolon), .symbol(.rparen), .symbol(.rbracket),
             .symbol(.rbrace), .symbol(.comma), .symbol(.pipe):
            return false
        default:
            return true
        }
    }

    static let operatorSymbols: Set<Symbol> = [
        .plus, .minus, .star, .percent, .eq, .ne, .lt, .le, .gt, .ge, .assign, .plusAssign, .minusAssign,
        .dotDot, .dotDotLess, .bang,
    ]

    /// One command argument: a value (`$x.id`, `"text"`, `5s`, `(expr)`, `[..]`, `{..}`) or a
    /// bare word made of every token written without spaces (`new-comment`, `/v1/users/u1`).
    mutating func parseCommandAtom() throws -> CommandArgument {
        let t = tok
        let next = peekToken()
        let nextGlues = !next.spaceBefore && gluesIntoWord(next.kind)
        switch t.kind {
        case .variable:
            return CommandArgument(value: try parsePostfix(try parsePrimary()), isBareWord: false)
        case .string, .rawString, .symbol(.lbracket), .symbol(.lbrace):
            return CommandArgument(value: try parsePrimary(), isBareWord: false)
        case .symbol(.lparen):
            return CommandArgument(value: try parsePostfix(try parsePrimary()), isBareWord: false)
        case .int, .double, .duration:
            if !nextGlues { return CommandArgument(value: try parsePrimary(), isBareWord: false) }
        case .symbol(.minus) where !next.spaceBefore:
            switch next.kind {
            case .int, .double, .duration:
                let after = peekToken(2)
                if after.spaceBefore || !gluesIntoWord(after.kind) { return CommandArgument(value: try parseUnary(), isBareWord: false) }
            default: break
            }
        case .word("true"), .word("false"), .word("null"):
            if !nextGlues { return CommandArgument(value: try parsePrimary(), isBareWord: false) }
        case .error:
            throw error("")
        case .symbol(let s):
            guard Self.operatorSymbols.contains(s) && !nextGlues else { break }
            throw error("unexpected '\(s.rawValue)' in the arguments of a command",
                        hint: "wrap an expression in parentheses to compute it: print ($a \(s.rawValue) $b)")
        default:
            break
        }
        return CommandArgument(value: try parseGluedWord(), isBareWord: true)
    }

    func gluesIntoWord(_ k: TokenKind) -> Bool {
        switch k {
        case .word, .int, .double, .duration, .option: return true
        case .symbol(let s):
            return ![.lparen, .rparen, .lbracket, .rbracket, .lbrace, .rbrace, .comma, .semicolon, .pipe].contains(s)
        default: return false
        }
    }

    mutating func parseGluedWord() throws -> Expr {
        let first = tok
        let loc = location()
        guard gluesIntoWord(first.kind) else { throw unexpected("a command argument") }
        var end = first.end
        advance()
        while !tok.spaceBefore && gluesIntoWord(kind) {
            end = tok.end
            advance()
        }
        let text = String(decoding: file.bytes[first.start..<end], as: UTF8.self)
        return Expr(.string(text), at: loc)
    }
}
