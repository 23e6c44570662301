import KnockCore

/// One call of a builtin function, with helpers that turn wrong argument types into errors
/// that name the function.
public struct BuiltinCall {
    public let arguments: [Value]
    let interpreter: Interpreter
    public let location: SourceLocation
    var name = ""

    init(arguments: [Value], interpreter: Interpreter, location: SourceLocation) {
        self.arguments = arguments
        self.interpreter = interpreter
        self.location = location
    }

    public var context: ExecutionContext { interpreter.context }

    public subscript(_ i: Int) -> Value { i < arguments.count ? arguments[i] : .null }

    func wrongType(_ i: Int, _ expected: String) -> ScriptError {
        ScriptError.runtime("argument \(i + 1) must be \(expected), got \(self[i].typeName) \(self[i].literal(limit: 40))", at: location)
    }

    public func string(_ i: Int) throws -> String {
        guard case .string(let s) = self[i] else { throw wrongType(i, "a string") }
        return s
    }

    public func int(_ i: Int) throws -> Int {
        guard case .int(let n) = self[i] else { throw wrongType(i, "an integer") }
        return n
    }

    public func list(_ i: Int) throws -> [Value] {
        switch self[i] {
        case .list(let l): return l
        case .range(let r):
            guard r.count <= 10_000_000 else { throw wrongType(i, "a list (this range is too large)") }
            return r.count == 0 ? [] : (r.lower...r.upper).map { .int($0) }
        default: throw wrongType(i, "a list")
        }
    }

    public func record(_ i: Int) throws -> Record {
        guard case .record(let r) = self[i] else { throw wrongType(i, "a record") }
        return r
    }

    public func number(_ i: Int) throws -> Double {
        switch self[i] {
        case .int(let n): return Double(n)
        case .double(let d): return d
        default: throw wrongType(i, "a number")
        }
    }
}

/// A builtin function: `len(x)`, `keys(r)`, ...
public struct BuiltinFunction: Sendable {
    public let name: String
    public let arity: ClosedRange<Int>
    public let usage: String
    public let summary: String
    let body: @Sendable (BuiltinCall) throws -> Value

    var arityText: String {
        if arity.lowerBound == arity.upperBound { return "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")" }
        return "\(arity.lowerBound) to \(arity.upperBound) arguments"
    }
}

/// The table of builtin functions the compiler resolves calls against.
///
/// ```swift
/// Builtins.standard.functions["len"]?.usage    // "len(x)"
/// ```
public struct Builtins: Sendable {
    public var functions: [String: BuiltinFunction] = [:]

    public init() {}

    public mutating func add(_ name: String, _ arity: ClosedRange<Int>, _ usage: String, _ summary: String, _ body: @escaping @Sendable (BuiltinCall) throws -> Value) {
        functions[name] = BuiltinFunction(name: name, arity: arity, usage: usage, summary: summary, body: body)
    }

    public static let standard: Builtins = {
        var b = Builtins()
        b.addCollections()
        b.addText()
        b.addNumbers()
        b.addData()
        return b
    }()
}
