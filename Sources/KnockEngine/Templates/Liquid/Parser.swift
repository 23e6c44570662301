/// Builds the node tree from template tokens: matches block tags with their end tags and parses
/// each tag's markup.
struct LiquidParser {
    private let tokens: [TemplateToken]
    private var index = 0
    private let filters: FilterRegistry
    /// Guards the recursion of nested blocks against pathological input.
    private var depth = 0
    private static let maxDepth = 100

    init(tokens: [TemplateToken], filters: FilterRegistry) {
        self.tokens = tokens
        self.filters = filters
    }

    static func parse(_ source: String, filters: FilterRegistry) throws(TemplateError) -> [LiquidNode] {
        var parser = LiquidParser(tokens: try TemplateLexer.tokenize(source), filters: filters)
        let (body, end) = try parser.parseBody(until: [])
        if let (name, _, position) = end {
            throw TemplateError(.parse, "unexpected '\(name)' tag", at: position)
        }
        return body
    }

    /// Parses nodes until one of `terminators` (or the end of input, returned as `nil`).
    private mutating func parseBody(until terminators: Set<String>)
        throws(TemplateError) -> ([LiquidNode], (String, String, SourcePosition)?)
    {
        var nodes: [LiquidNode] = []
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .text(let s):
                nodes.append(.text(s))
            case .output(let markup, let position):
                // `{{ }}` renders nothing, as in Liquid.
                if markup.utf8.allSatisfy(TemplateLexer.isSpace) { continue }
                var p = try ExpressionParser(markup, at: position, filters: filters)
                let value = try p.filteredExpression()
                try p.expectEnd()
                nodes.append(.output(value, position))
            case .tag(let name, let markup, let position):
                if terminators.contains(name) { return (nodes, (name, markup, position)) }
                if let node = try parseTag(name, markup, position) { nodes.append(node) }
            }
        }
        return (nodes, nil)
    }

    /// Parses a body that must end with one of `terminators`.
    private mutating func parseBlockBody(_ opener: String, until terminators: Set<String>, _ position: SourcePosition)
        throws(TemplateError) -> ([LiquidNode], String, String, SourcePosition)
    {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw TemplateError(.parse, "blocks nested more than \(Self.maxDepth) deep", at: position)
        }
        let (body, end) = try parseBody(until: terminators)
        guard let (name, markup, endPosition) = end else {
            throw TemplateError(.parse, "'\(opener)' tag was never closed with 'end\(opener)'", at: position)
        }
        return (body, name, markup, endPosition)
    }

    private mutating func parseTag(_ name: String, _ markup: String, _ position: SourcePosition)
        throws(TemplateError) -> LiquidNode?
    {
        switch name {
        case "if", "unless": return try parseConditional(name, markup, position)
        case "case": return try parseCase(markup, position)
        case "for": return try parseFor(markup, position)
        case "assign":
            var p = try ExpressionParser(markup, at: position, filters: filters)
            let variable = try p.identifier()
            try p.expect(.assignSign)
            let value = try p.filteredExpression()
            try p.expectEnd()
            return .assign(name: variable, value: value, position)
        case "capture":
            var p = try ExpressionParser(markup, at: position, filters: filters)
            let variable: String
            if case .string(let s) = p.current { variable = s; p.advance() } else { variable = try p.identifier() }
            try p.expectEnd()
            let (body, _, _, _) = try parseBlockBody("capture", until: ["endcapture"], position)
            return .capture(name: variable, body: body)
        case "increment", "decrement":
            var p = try ExpressionParser(markup, at: position, filters: filters)
            let variable = try p.identifier()
            try p.expectEnd()
            return name == "increment" ? .increment(name: variable) : .decrement(name: variable)
        case "echo":
            var p = try ExpressionParser(markup, at: position, filters: filters)
            let value = try p.filteredExpression()
            try p.expectEnd()
            return .output(value, position)
        case "cycle":
            return try parseCycle(markup, position)
        case "render":
            return try parseRender(markup, position)
        case "break", "continue":
            let p = try ExpressionParser(markup, at: position, filters: filters)
            guard p.atEnd else { throw TemplateError(.parse, "'\(name)' takes no arguments", at: position) }
            return name == "break" ? .breakLoop : .continueLoop
        default:
            if name.hasPrefix("end") || ["else", "elsif", "when"].contains(name) {
                throw TemplateError(.parse, "unexpected '\(name)' tag", at: position)
            }
            throw TemplateError(.parse, "unknown tag '\(name)'", at: position)
        }
    }

    private mutating func parseConditional(_ name: String, _ markup: String, _ position: SourcePosition)
        throws(TemplateError) -> LiquidNode
    {
        var branches: [ConditionalBranch] = []
        var condition: LiquidCondition? = try parseCondition(markup, position)
        if name == "unless", let c = condition { condition = .not(c) }
        let endName = "end" + name
        var sawElse = false
        var branchPosition = position
        while true {
            let (body, end, endMarkup, endPosition) = try parseBlockBody(
                name, until: [endName, "elsif", "else"], position)
            branches.append(ConditionalBranch(condition: condition, body: body, position: branchPosition))
            branchPosition = endPosition
            switch end {
            case "elsif":
                if sawElse { throw TemplateError(.parse, "'elsif' after 'else'", at: endPosition) }
                condition = try parseCondition(endMarkup, endPosition)
            case "else":
                if sawElse { throw TemplateError(.parse, "second 'else' in '\(name)'", at: endPosition) }
                sawElse = true
                condition = nil
            default:
                return .conditional(branches)
            }
        }
    }

    private func parseCondition(_ markup: String, _ position: SourcePosition) throws(TemplateError) -> LiquidCondition {
        var p = try ExpressionParser(markup, at: position, filters: filters)
        let condition = try p.condition()
        try p.expectEnd()
        return condition
    }

    private mutating func parseCase(_ markup: String, _ position: SourcePosition) throws(TemplateError) -> LiquidNode {
        var p = try ExpressionParser(markup, at: position, filters: filters)
        let subject = try p.expression()
        try p.expectEnd()
        // Anything between `case` and the first `when` is ignored (Liquid allows only whitespace).
        var (_, end, endMarkup, endPosition) = try parseBlockBody("case", until: ["when", "else", "endcase"], position)
        var clauses: [CaseClause] = []
        while end != "endcase" {
            var values: [LiquidExpression]? = nil
            if end == "when" {
                var w = try ExpressionParser(endMarkup, at: endPosition, filters: filters)
                var list: [LiquidExpression] = [try w.expression()]
                while w.acceptComma() || w.accept(keyword: "or") { list.append(try w.expression()) }
                try w.expectEnd()
                values = list
            }
            let (body, next, nextMarkup, nextPosition) = try parseBlockBody(
                "case", until: ["when", "else", "endcase"], position)
            clauses.append(CaseClause(values: values, body: body))
            (end, endMarkup, endPosition) = (next, nextMarkup, nextPosition)
        }
        return .caseBlock(CaseBlock(subject: subject, clauses: clauses, position: position))
    }

    private mutating func parseFor(_ markup: String, _ position: SourcePosition) throws(TemplateError) -> LiquidNode {
        var p = try ExpressionParser(markup, at: position, filters: filters)
        let variable = try p.identifier()
        guard p.accept(keyword: "in") else { throw TemplateError(.parse, "expected 'in' in 'for' tag", at: position) }
        var loop = ForLoop(
            variable: variable, collection: try p.expression(), limit: nil, offset: nil, reversed: false,
            body: [], elseBody: nil, position: position)
        while !p.atEnd {
            if p.accept(keyword: "reversed") {
                loop.reversed = true
                continue
            }
            let option = try p.identifier()
            try p.expect(.colon)
            switch option {
            case "limit": loop.limit = try p.expression()
            case "offset": loop.offset = try p.expression()
            default: throw TemplateError(.parse, "unknown 'for' option '\(option)'", at: position)
            }
            _ = p.acceptComma()
        }
        let (body, end, _, _) = try parseBlockBody("for", until: ["else", "endfor"], position)
        loop.body = body
        if end == "else" {
            loop.elseBody = try parseBlockBody("for", until: ["endfor"], position).0
        }
        return .forLoop(loop)
    }

    private func parseRender(_ markup: String, _ position: SourcePosition) throws(TemplateError) -> LiquidNode {
        var p = try ExpressionParser(markup, at: position, filters: filters)
        guard case .string(let key) = p.current else {
            throw TemplateError(.parse, "'render' needs a partial key in quotes", at: position)
        }
        p.advance()
        var arguments: [(String, LiquidExpression)] = []
        while p.acceptComma() || !p.atEnd {
            if case .identifier(let word) = p.current, word == "with" || word == "for" {
                throw TemplateError(.parse, "'render' does not support '\(word)'", at: position)
            }
            let name = try p.identifier()
            try p.expect(.colon)
            arguments.append((name, try p.expression()))
        }
        return .renderPartial(key: key, arguments: arguments, position)
    }

    private func parseCycle(_ markup: String, _ position: SourcePosition) throws(TemplateError) -> LiquidNode {
        var p = try ExpressionParser(markup, at: position, filters: filters)
        var values: [LiquidExpression] = [try p.expression()]
        var group: String? = nil
        if p.current == .colon {
            // `cycle "name": a, b` names the group.
            if case .literal(.string(let s)) = values[0] { group = s }
            p.advance()
            values = [try p.expression()]
        }
        while p.acceptComma() { values.append(try p.expression()) }
        try p.expectEnd()
        return .cycle(group: group ?? markup.trimmingWhitespace(), values: values, position)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let u = Array(utf8)
        var s = 0
        var e = u.count
        while s < e && TemplateLexer.isSpace(u[s]) { s += 1 }
        while e > s && TemplateLexer.isSpace(u[e - 1]) { e -= 1 }
        return String(decoding: u[s..<e], as: UTF8.self)
    }
}
