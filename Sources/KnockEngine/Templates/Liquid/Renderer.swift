import KnockCore

/// Walks a parsed template once for one context. Created per render, so its mutable state
/// (output buffer, assigns, loop frames, counters) is never shared between threads. A struct
/// rather than a class: class properties pay a dynamic exclusivity check on every access.
struct LiquidRenderer {
    private let root: JSON
    private(set) var assigns: [String: JSON]
    private let environment: FilterEnvironment
    private var out = ""
    private var loops: [LoopFrame] = []
    private var counters: [String: Int] = [:]
    private var cycles: [String: Int] = [:]
    private var iterations = 0
    /// How many `render` tags enclose this renderer (Knock allows 5 levels).
    private var partialDepth = 0
    private static let maxPartialDepth = 5

    /// How a body finished: normally, or interrupted by `break`/`continue` inside a loop.
    private enum Completion {
        case normal, breakLoop, continueLoop
    }

    /// The state of one `for` loop, exposed to templates as `forloop`.
    private struct LoopFrame {
        let variable: String
        var item: JSON
        var index0: Int
        let length: Int
    }

    init(root: JSON, assigns: [String: JSON], options: LiquidRenderOptions) {
        self.root = root
        self.assigns = assigns
        self.environment = FilterEnvironment(options: options)
        out.reserveCapacity(256)
    }

    mutating func run(_ nodes: [LiquidNode]) throws(TemplateError) -> String {
        _ = try render(nodes)
        return out
    }

    // MARK: Nodes

    private mutating func render(_ nodes: [LiquidNode]) throws(TemplateError) -> Completion {
        for node in nodes {
            let completion = try render(node)
            if completion != .normal { return completion }
        }
        return .normal
    }

    private mutating func render(_ node: LiquidNode) throws(TemplateError) -> Completion {
        switch node {
        case .text(let s):
            out += s
        case .output(let expression, let position):
            let value = try Self.at(position) { () throws(LiquidFailure) in try evaluate(expression) }
            value.write(to: &out)
        case .conditional(let branches):
            for branch in branches {
                if let condition = branch.condition {
                    let holds = try Self.at(branch.position) { () throws(LiquidFailure) in try test(condition) }
                    if !holds { continue }
                }
                return try render(branch.body)
            }
        case .caseBlock(let block):
            return try renderCase(block)
        case .forLoop(let loop):
            return try renderFor(loop)
        case .assign(let name, let expression, let position):
            assigns[name] = try Self.at(position) { () throws(LiquidFailure) in try evaluate(expression) }
        case .capture(let name, let body):
            let saved = out
            out = ""
            defer { out = saved }
            let completion = try render(body)
            assigns[name] = .string(out)
            if completion != .normal { return completion }
        case .increment(let name):
            let value = counters[name, default: 0]
            out += String(value)
            counters[name] = value + 1
        case .decrement(let name):
            let value = counters[name, default: 0] - 1
            counters[name] = value
            out += String(value)
        case .cycle(let group, let values, let position):
            let i = cycles[group, default: 0]
            cycles[group] = i + 1
            let item = try Self.at(position) { () throws(LiquidFailure) in try value(values[i % values.count]) }
            item.write(to: &out)
        case .renderPartial(let key, let arguments, let position):
            try renderPartial(key, arguments, position)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        }
        if out.utf8.count > environment.options.maxOutputBytes {
            throw TemplateError(.render, "output larger than \(environment.options.maxOutputBytes) bytes", line: 0, column: 0)
        }
        return .normal
    }

    private mutating func renderPartial(_ key: String, _ arguments: [(String, LiquidExpression)], _ position: SourcePosition)
        throws(TemplateError)
    {
        guard partialDepth < Self.maxPartialDepth else {
            throw TemplateError(.render, "partials nested more than \(Self.maxPartialDepth) deep", at: position)
        }
        guard let partial = environment.options.loadPartial?(key) else {
            throw TemplateError(.render, "partial '\(key)' not found", at: position)
        }
        var scope: [String: JSON] = [:]
        for (name, expression) in arguments {
            scope[name] = try Self.at(position) { () throws(LiquidFailure) in try value(expression) }
        }
        var child = LiquidRenderer(root: root, assigns: scope, options: environment.options)
        child.partialDepth = partialDepth + 1
        child.iterations = iterations
        do {
            out += try child.run(partial.nodes)
        } catch {
            // Point at the render tag, and say where inside the partial it went wrong.
            throw TemplateError(
                .render, "in partial '\(key)' (line \(error.line), column \(error.column)): \(error.message)",
                at: position)
        }
        iterations = child.iterations
    }

    private mutating func renderCase(_ block: CaseBlock) throws(TemplateError) -> Completion {
        let subject = try Self.at(block.position) { () throws(LiquidFailure) in try operand(block.subject) }
        var matched = false
        for clause in block.clauses {
            if let values = clause.values {
                let hit = try Self.at(block.position) { () throws(LiquidFailure) -> Bool in
                    for value in values where try compare(subject, .equal, try operand(value)) { return true }
                    return false
                }
                guard hit else { continue }
                matched = true
            } else if matched {
                continue
            }
            let completion = try render(clause.body)
            if completion != .normal { return completion }
        }
        return .normal
    }

    private mutating func renderFor(_ loop: ForLoop) throws(TemplateError) -> Completion {
        let items = try Self.at(loop.position) { () throws(LiquidFailure) in try loopItems(loop) }
        if items.isEmpty {
            if let elseBody = loop.elseBody { return try render(elseBody) }
            return .normal
        }
        loops.append(LoopFrame(variable: loop.variable, item: .null, index0: 0, length: items.count))
        defer { loops.removeLast() }
        for (i, item) in items.enumerated() {
            iterations += 1
            if iterations > environment.options.maxIterations {
                throw TemplateError(.render, "more than \(environment.options.maxIterations) loop iterations", at: loop.position)
            }
            loops[loops.count - 1].item = item
            loops[loops.count - 1].index0 = i
            if try render(loop.body) == .breakLoop { break }
        }
        return .normal
    }

    /// The loop's items after `offset`, `limit` and `reversed`, in that order (as Liquid applies them).
    private func loopItems(_ loop: ForLoop) throws(LiquidFailure) -> ArraySlice<JSON> {
        var items: [JSON]
        if case .range(let lowExpression, let highExpression) = loop.collection {
            let (low, high) = try rangeBounds(lowExpression, highExpression)
            // Apply offset/limit before materialising so `(1..1000000) limit: 3` stays cheap.
            var start = low
            if let offset = loop.offset {
                start = Self.saturatingAdd(start, max(0, LiquidNumber.parse(try value(offset)).intValue ?? 0))
            }
            var end = high
            if let limit = loop.limit {
                let n = max(0, LiquidNumber.parse(try value(limit)).intValue ?? 0)
                end = min(end, Self.saturatingAdd(start, n) - 1)
            }
            guard start <= end else { return [] }
            let (span, overflow) = end.subtractingReportingOverflow(start)
            guard !overflow, span < environment.options.maxIterations else {
                throw LiquidFailure("range (\(low)..\(high)) is too large")
            }
            items = (start...end).map { JSON.int($0) }
            if loop.reversed { items.reverse() }
            return items[...]
        }
        switch try value(loop.collection) {
        case .array(let a): items = a
        case .object(let o): items = o.map { JSON.array([.string($0.key), $0.value]) }
        case .null: items = []
        case let other: items = other.isLiquidEmpty ? [] : [other]
        }
        var slice = items[...]
        if let offset = loop.offset {
            slice = slice.dropFirst(max(0, LiquidNumber.parse(try value(offset)).intValue ?? 0))
        }
        if let limit = loop.limit {
            slice = slice.prefix(max(0, LiquidNumber.parse(try value(limit)).intValue ?? 0))
        }
        if loop.reversed { return ArraySlice(slice.reversed()) }
        return slice
    }

    // MARK: Expressions

    /// Runs `body`, turning a `LiquidFailure` into a render `TemplateError` at `position`.
    private static func at<T>(_ position: SourcePosition, _ body: () throws(LiquidFailure) -> T) throws(TemplateError) -> T {
        do {
            return try body()
        } catch {
            throw TemplateError(.render, error.message, at: position)
        }
    }

    private func evaluate(_ expression: FilteredExpression) throws(LiquidFailure) -> JSON {
        var result = try value(expression.base)
        for call in expression.filters {
            guard let filter = call.filter else { throw LiquidFailure("unknown filter '\(call.name)'") }
            var arguments = FilterArguments(positional: [], keywords: [])
            arguments.positional.reserveCapacity(call.arguments.count)
            for argument in call.arguments { arguments.positional.append(try value(argument)) }
            for (key, argument) in call.keywordArguments { arguments.keywords.append((key, try value(argument))) }
            guard filter.arity.contains(arguments.positional.count) else {
                let expected =
                    filter.arity.lowerBound == filter.arity.upperBound
                    ? "\(filter.arity.lowerBound)" : "\(filter.arity.lowerBound) to \(filter.arity.upperBound)"
                throw LiquidFailure(
                    "wrong number of arguments for '\(call.name)' (given \(arguments.positional.count), expected \(expected))")
            }
            do {
                result = try filter.body(result, arguments, environment)
            } catch let failure as LiquidFailure {
                throw failure
            } catch {
                throw LiquidFailure("\(call.name): \(error)")
            }
        }
        return result
    }

    /// The value of an expression; `empty`/`blank` outside comparisons are nil-like.
    private func value(_ expression: LiquidExpression) throws(LiquidFailure) -> JSON {
        switch expression {
        case .literal(let v): return v
        case .empty, .blank: return .null
        case .range(let low, let high):
            let (a, b) = try rangeBounds(low, high)
            guard a <= b else { return .array([]) }
            let (span, overflow) = b.subtractingReportingOverflow(a)
            guard !overflow, span < 100_000 else { throw LiquidFailure("range (\(a)..\(b)) is too large") }
            return .array((a...b).map { .int($0) })
        case .variable(let variable):
            return try lookup(variable)
        }
    }

    private static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : sum
    }

    private func rangeBounds(_ low: LiquidExpression, _ high: LiquidExpression) throws(LiquidFailure) -> (Int, Int) {
        func bound(_ e: LiquidExpression) throws(LiquidFailure) -> Int {
            let v = try value(e)
            switch LiquidNumber.parse(v) {
            case .int(let i): return i
            case .double(let d) where d.isFinite && abs(d) < 1e15: return Int(d)
            default: throw LiquidFailure("invalid range bound \(v.liquidString)")
            }
        }
        return (try bound(low), try bound(high))
    }

    private func lookup(_ variable: LiquidVariable) throws(LiquidFailure) -> JSON {
        let rootName: String
        switch variable.root {
        case .name(let n): rootName = n
        case .dynamic(let e): rootName = try value(e).liquidString
        }
        var path = variable.path[...]
        var current: JSON
        if rootName == "forloop", !loops.isEmpty {
            // Answer `forloop.index` and friends without building the object each iteration.
            if case .name(let property)? = path.first, let direct = forloopProperty(property, frame: loops.count - 1) {
                current = direct
                path = path.dropFirst()
            } else {
                current = forloopObject(frame: loops.count - 1)
            }
        } else {
            current = resolveName(rootName)
        }
        for key in path {
            switch key {
            case .name(let name): current = member(current, name)
            case .dynamic(let e): current = member(current, try value(e))
            }
            if current.isNull { return .null }
        }
        return current
    }

    /// Innermost loop variable, then assigns, then the context.
    private func resolveName(_ name: String) -> JSON {
        for frame in loops.reversed() where frame.variable == name { return frame.item }
        if let assigned = assigns[name] { return assigned }
        return root[name] ?? .null
    }

    private func forloopProperty(_ name: String, frame: Int) -> JSON? {
        let f = loops[frame]
        switch name {
        case "index": return .int(f.index0 + 1)
        case "index0": return .int(f.index0)
        case "rindex": return .int(f.length - f.index0)
        case "rindex0": return .int(f.length - f.index0 - 1)
        case "first": return .bool(f.index0 == 0)
        case "last": return .bool(f.index0 == f.length - 1)
        case "length": return .int(f.length)
        case "parentloop": return frame > 0 ? forloopObject(frame: frame - 1) : .null
        default: return nil
        }
    }

    private func forloopObject(frame: Int) -> JSON {
        var o = JSONObject()
        for name in ["first", "index", "index0", "last", "length", "rindex", "rindex0", "parentloop"] {
            o[name] = forloopProperty(name, frame: frame)
        }
        return .object(o)
    }

    /// `value.name`: a key of an object, else `size`/`first`/`last` of arrays and strings.
    private func member(_ value: JSON, _ name: String) -> JSON {
        switch value {
        case .object(let o):
            if let v = o[name] { return v }
            return name == "size" ? .int(o.count) : .null
        case .array(let a):
            switch name {
            case "size": return .int(a.count)
            case "first": return a.first ?? .null
            case "last": return a.last ?? .null
            default: return .null
            }
        case .string(let s):
            switch name {
            case "size": return .int(s.count)
            case "first": return s.first.map { .string(String($0)) } ?? .null
            case "last": return s.last.map { .string(String($0)) } ?? .null
            default: return .null
            }
        default:
            return .null
        }
    }

    /// `value[key]`: integer index into arrays (negative counts from the end), else a name.
    private func member(_ value: JSON, _ key: JSON) -> JSON {
        switch (value, key) {
        case (.array(let a), .int(let i)):
            let index = i < 0 ? a.count + i : i
            return a.indices.contains(index) ? a[index] : .null
        case (.object, .string(let s)), (.array, .string(let s)), (.string, .string(let s)):
            return member(value, s)
        case (.object(let o), _):
            return o[key.liquidString] ?? .null
        default:
            return .null
        }
    }

    // MARK: Conditions

    /// A comparison operand: a value, or the special `empty`/`blank` literals.
    private enum Operand {
        case value(JSON)
        case empty
        case blank
    }

    private func operand(_ expression: LiquidExpression) throws(LiquidFailure) -> Operand {
        switch expression {
        case .empty: return .empty
        case .blank: return .blank
        default: return .value(try value(expression))
        }
    }

    private func test(_ condition: LiquidCondition) throws(LiquidFailure) -> Bool {
        switch condition {
        case .value(let e): return try value(e).isTruthy
        case .comparison(let l, let op, let r): return try compare(try operand(l), op, try operand(r))
        case .and(let a, let b):
            guard try test(a) else { return false }
            return try test(b)
        case .or(let a, let b):
            if try test(a) { return true }
            return try test(b)
        case .not(let c): return try !test(c)
        }
    }

    private func compare(_ left: Operand, _ op: ComparisonOperator, _ right: Operand) throws(LiquidFailure) -> Bool {
        switch op {
        case .equal: return equals(left, right)
        case .notEqual: return !equals(left, right)
        default: break
        }
        guard case .value(let l) = left, case .value(let r) = right else { return false }
        switch op {
        case .contains:
            switch l {
            case .string(let s):
                if r.isNull { return false }
                let needle = r.liquidString
                return needle.isEmpty || !s.utf8Matches(of: needle, limit: 1).isEmpty
            case .array(let a): return a.contains { $0.liquidEquals(r) }
            case .object(let o): return o[r.liquidString] != nil
            default: return false
            }
        case .less: return try l.liquidCompare(r).map { $0 < 0 } ?? false
        case .greater: return try l.liquidCompare(r).map { $0 > 0 } ?? false
        case .lessOrEqual: return try l.liquidCompare(r).map { $0 <= 0 } ?? false
        case .greaterOrEqual: return try l.liquidCompare(r).map { $0 >= 0 } ?? false
        case .equal, .notEqual: return false
        }
    }

    private func equals(_ left: Operand, _ right: Operand) -> Bool {
        switch (left, right) {
        case (.value(let l), .value(let r)): return l.liquidEquals(r)
        case (.value(let v), .empty), (.empty, .value(let v)): return v.isLiquidEmpty
        case (.value(let v), .blank), (.blank, .value(let v)): return v.isLiquidBlank
        case (.empty, .empty), (.blank, .blank): return true
        default: return false
        }
    }
}
