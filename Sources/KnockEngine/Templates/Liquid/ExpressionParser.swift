import KnockCore

/// Recursive-descent parser for the markup inside outputs and tags: values, lookups, ranges,
/// filter chains and conditions.
struct ExpressionParser {
    private var tokens: [ExpressionToken]
    private var index = 0
    private let position: SourcePosition
    private let filters: FilterRegistry

    init(_ markup: String, at position: SourcePosition, filters: FilterRegistry) throws(TemplateError) {
        do {
            tokens = try ExpressionLexer.tokenize(markup)
        } catch {
            throw TemplateError(.parse, error.message, at: position)
        }
        self.position = position
        self.filters = filters
    }

    // MARK: Cursor

    var current: ExpressionToken { tokens[index] }
    var atEnd: Bool { current == .end }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func fail(_ message: String) -> TemplateError {
        TemplateError(.parse, message, at: position)
    }

    mutating func expect(_ token: ExpressionToken) throws(TemplateError) {
        guard current == token else {
            throw fail("expected '\(token.display)' but found '\(current.display)'")
        }
        advance()
    }

    mutating func expectEnd() throws(TemplateError) {
        guard atEnd else { throw fail("unexpected '\(current.display)'") }
    }

    mutating func identifier() throws(TemplateError) -> String {
        guard case .identifier(let name) = current else {
            throw fail("expected a name but found '\(current.display)'")
        }
        advance()
        return name
    }

    /// Consumes the keyword when it is next.
    mutating func accept(keyword: String) -> Bool {
        if case .identifier(keyword) = current {
            advance()
            return true
        }
        return false
    }

    // MARK: Expressions

    mutating func expression() throws(TemplateError) -> LiquidExpression {
        switch current {
        case .string(let s):
            advance()
            return .literal(.string(s))
        case .integer(let n):
            advance()
            return .literal(.int(n))
        case .number(let d):
            advance()
            return .literal(.double(d))
        case .openParen:
            advance()
            let low = try expression()
            try expect(.dotDot)
            let high = try expression()
            try expect(.closeParen)
            return .range(low, high)
        case .openBracket:
            advance()
            let key = try expression()
            try expect(.closeBracket)
            return .variable(LiquidVariable(root: .dynamic(key), path: try lookupPath()))
        case .identifier(let name):
            advance()
            // Keywords are literals only when not followed by a lookup (`empty.size` is a variable).
            if current != .dot && current != .openBracket {
                switch name {
                case "true": return .literal(.bool(true))
                case "false": return .literal(.bool(false))
                case "nil", "null": return .literal(.null)
                case "empty": return .empty
                case "blank": return .blank
                default: break
                }
            }
            return .variable(LiquidVariable(root: .name(name), path: try lookupPath()))
        default:
            throw fail("expected a value but found '\(current.display)'")
        }
    }

    private mutating func lookupPath() throws(TemplateError) -> [LookupKey] {
        var path: [LookupKey] = []
        while true {
            if current == .dot {
                advance()
                path.append(.name(try identifier()))
            } else if current == .openBracket {
                advance()
                let key = try expression()
                try expect(.closeBracket)
                // Constant keys are resolved like dotted names, skipping an evaluation per render.
                switch key {
                case .literal(.string(let s)): path.append(.name(s))
                default: path.append(.dynamic(key))
                }
            } else {
                return path
            }
        }
    }

    /// `expr | f: a, k: v | g`.
    mutating func filteredExpression() throws(TemplateError) -> FilteredExpression {
        let base = try expression()
        var calls: [FilterCall] = []
        while current == .pipe {
            advance()
            let name = try identifier()
            var call = FilterCall(
                name: name, arguments: [], keywordArguments: [], filter: filters[name], position: position)
            if current == .colon {
                advance()
                repeat {
                    if case .identifier(let key) = current, tokens[index + 1] == .colon {
                        advance()
                        advance()
                        call.keywordArguments.append((key, try expression()))
                    } else {
                        call.arguments.append(try expression())
                    }
                } while acceptComma()
            }
            calls.append(call)
        }
        return FilteredExpression(base: base, filters: calls)
    }

    mutating func acceptComma() -> Bool {
        if current == .comma {
            advance()
            return true
        }
        return false
    }

    // MARK: Conditions

    /// `a == b and c or d contains "x"`, grouped from the right as Liquid does.
    mutating func condition() throws(TemplateError) -> LiquidCondition {
        let left = try comparison()
        if accept(keyword: "and") { return .and(left, try condition()) }
        if accept(keyword: "or") { return .or(left, try condition()) }
        return left
    }

    private mutating func comparison() throws(TemplateError) -> LiquidCondition {
        let left = try expression()
        let op: ComparisonOperator
        switch current {
        case .comparison(let symbol):
            guard let parsed = ComparisonOperator(rawValue: symbol) else {
                throw fail("unknown operator '\(symbol)'")
            }
            op = parsed
        case .identifier("contains"):
            op = .contains
        case .assignSign:
            throw fail("unknown operator '=' (did you mean '=='?)")
        default:
            return .value(left)
        }
        advance()
        return .comparison(left, op, try expression())
    }
}
