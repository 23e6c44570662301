import KnockCore

/// An expression node. `location` is the anchor a power assertion draws its `|` under: the
/// operator of a binary expression, the start of anything else.
///
/// ```swift
/// let program = try Parser.parse(SourceFile(path: "-", text: "expect $a + 1 == 3"))
/// // program.statements[0].kind == .expect(<binary == (binary + $a 1) 3>, message: nil)
/// ```
public struct Expr: Sendable {
    public var kind: ExprKind
    public var location: SourceLocation
    /// Byte offset where the expression's text starts (for ranges and glued words).
    public var start: Int

    public init(_ kind: ExprKind, at location: SourceLocation, start: Int? = nil) {
        self.kind = kind
        self.location = location
        self.start = start ?? location.offset
    }
}

public indirect enum ExprKind: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case duration(KnockDuration)
    case string(String)
    /// A double-quoted string with `$name` or `$(expr)` parts.
    case interpolated([InterpolationPart])
    case variable(String)
    /// `.name` (or `?.name` when `optional`).
    case field(Expr, String, optional: Bool)
    case index(Expr, Expr, optional: Bool)
    case list([Expr])
    case record([RecordEntry])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case range(Expr, Expr, inclusive: Bool)
    /// `name(args)`: a user function or a builtin.
    case call(String, [Expr])
    case command(CommandCall)
    /// `input | stage`.
    case pipe(Expr, PipeStage)
    /// A bare word inside a pipe stage such as `where status == "sent"`: a field of `$it`.
    case itField(String)
    case waitUntil(condition: Expr, within: Expr?, every: Expr?)
}

public enum InterpolationPart: Sendable {
    case text(String)
    case expr(Expr)
}

public struct RecordEntry: Sendable {
    public var key: String
    public var value: Expr
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "and", or = "or"
    case `in` = "in", notIn = "not in", contains = "contains", matches = "matches"
    case startsWith = "starts-with", endsWith = "ends-with"
}

/// One stage of a pipeline. `where`, `map`, `sort-by`, `find`, `any`, `all` and `count-by`
/// take an expression evaluated with `$it` bound to each item; anything else is a builtin
/// function called with the piped value as its first argument (`| len`, `| join(", ")`).
public enum PipeStage: Sendable {
    case each(String, Expr)
    case function(String, [Expr])

    public static let itemStages: Set<String> = ["where", "map", "sort-by", "find", "any", "all", "count-by", "group-by"]
}

/// A command as written: the parser does not know where the name ends, so every leading bare
/// word is kept; the registry picks the longest registered prefix when it runs.
public struct CommandCall: Sendable {
    public var arguments: [CommandArgument]
    public var options: [CommandOption]
    /// A trailing `{...}` record literal.
    public var body: Expr?
    public var location: SourceLocation
}

public struct CommandArgument: Sendable {
    public var value: Expr
    /// Written as a bare word (`users`, `new-comment`), so it may be part of the command name.
    public var isBareWord: Bool
    public var bareWord: String? {
        if isBareWord, case .string(let s) = value.kind { return s }
        return nil
    }
}

public struct CommandOption: Sendable {
    /// The option's name as written, without dashes (`page-size`).
    public var name: String
    /// nil for a flag.
    public var value: Expr?
    public var location: SourceLocation
}

public struct Statement: Sendable {
    public var kind: StatementKind
    public var location: SourceLocation

    public init(_ kind: StatementKind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

public struct Block: Sendable {
    public var statements: [Statement]
    public var location: SourceLocation
}

public struct FunctionDeclaration: Sendable {
    public var name: String
    public var parameters: [String]
    public var body: Block
}

public enum AssignOperator: String, Sendable {
    case set = "=", add = "+=", subtract = "-="
}

/// A step in the path of an assignment target: `x.a[0] = 1`.
public enum PathStep: Sendable {
    case field(String)
    case index(Expr)
}

public indirect enum StatementKind: Sendable {
    case `let`(String, Expr)
    case assign(String, [PathStep], AssignOperator, Expr)
    case expression(Expr)
    case `if`([(condition: Expr, body: Block)], otherwise: Block?)
    case `for`(String, String?, Expr, Block)
    case `while`(Expr, Block)
    case `repeat`(Expr, Block)
    case `break`
    case `continue`
    case `return`(Expr?)
    case function(FunctionDeclaration)
    case `import`(String)
    case test(String, Block)
    case setup(Block)
    case teardown(Block)
    case expect(Expr, message: Expr?)
    /// `expect error [matcher] { ... }`: the matcher is a status (`404`) or a code/message text.
    case expectError(Expr?, Block)
    case `try`(Block, catchName: String?, Block)
    case block(Block)
}

/// A parsed file: its statements, in order.
public struct Program: Sendable {
    public var file: SourceFile
    public var statements: [Statement]
}
