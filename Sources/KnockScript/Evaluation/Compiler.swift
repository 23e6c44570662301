/// Turns a parsed program into closures with every variable resolved to a frame slot.
///
/// Compiling is cheap, so each test compiles its own copy on its own thread: closures never
/// cross threads. Unknown functions, assignments to undeclared names and misplaced `break`s are
/// reported here, before anything runs (this is also what `knocksh check` runs).
///
/// ```swift
/// let module = try Compiler.compile(program)       // throws ParseErrors with every problem
/// module.tests.map(\.name)
/// ```
public final class Compiler {
    final class FunctionScope {
        let parent: FunctionScope?
        var slotCount = 0
        var loopDepth = 0
        init(parent: FunctionScope?) { self.parent = parent }
    }

    final class BlockScope {
        var names: [String: Int] = [:]
        let parent: BlockScope?
        let function: FunctionScope
        init(parent: BlockScope?, function: FunctionScope) {
            self.parent = parent
            self.function = function
        }
    }

    var scope: BlockScope
    var errors: [Diagnostic] = []
    /// True while compiling an `expect` or `wait until` condition: sub-expressions record values.
    var recording = false
    let builtins: Builtins
    /// When set, command names are checked against it while compiling (`knocksh check`).
    var commands: CommandRegistry?

    init(builtins: Builtins, commands: CommandRegistry? = nil) {
        self.builtins = builtins
        self.commands = commands
        scope = BlockScope(parent: nil, function: FunctionScope(parent: nil))
    }

    /// Compiles a program whose imports are already spliced in (see `ScriptLoader`).
    /// Pass `commands` to also report commands that no registered name matches.
    public static func compile(_ program: Program, builtins: Builtins = .standard, commands: CommandRegistry? = nil) throws(ParseErrors) -> CompiledModule {
        let compiler = Compiler(builtins: builtins, commands: commands)
        let module = compiler.compileModule(program)
        if !compiler.errors.isEmpty { throw ParseErrors(diagnostics: compiler.errors) }
        return module
    }

    func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
        if errors.count < 50 { errors.append(Diagnostic(message, at: location, hint: hint)) }
    }

    // MARK: Scopes

    func pushBlock() { scope = BlockScope(parent: scope, function: scope.function) }
    func popBlock() { scope = scope.parent! }

    func pushFunction() -> FunctionScope {
        let f = FunctionScope(parent: scope.function)
        scope = BlockScope(parent: scope, function: f)
        return f
    }

    func popFunction() { scope = scope.parent! }

    func declare(_ name: String) -> Int {
        let slot = scope.function.slotCount
        scope.function.slotCount += 1
        scope.names[name] = slot
        return slot
    }

    /// (frames to walk up, slot) for a visible variable.
    func resolve(_ name: String) -> (depth: Int, slot: Int)? {
        var s: BlockScope? = scope
        var depth = 0
        while let current = s {
            if let slot = current.names[name] { return (depth, slot) }
            if let parent = current.parent, parent.function !== current.function { depth += 1 }
            s = current.parent
        }
        return nil
    }

    var visibleNames: [String] {
        var names: [String] = []
        var s: BlockScope? = scope
        while let current = s {
            names += current.names.keys
            s = current.parent
        }
        return names
    }

    // MARK: Module

    func compileModule(_ program: Program) -> CompiledModule {
        var topLevel: [Statement] = []
        var tests: [(String, Block, SourceLocation)] = []
        var setups: [Block] = []
        var teardowns: [Block] = []
        for s in program.statements {
            switch s.kind {
            case .test(let name, let body):
                if tests.contains(where: { $0.0 == name }) {
                    error("a test named \(Value.string(name).literal) already exists in this file", at: s.location)
                }
                tests.append((name, body, s.location))
            case .setup(let b): setups.append(b)
            case .teardown(let b): teardowns.append(b)
            default: topLevel.append(s)
            }
        }
        let file = program.file
        let startOfFile = file.location(offset: 0)
        if tests.isEmpty {
            // A file without test blocks is one test: its statements are the body.
            let body = Block(statements: topLevel, location: startOfFile)
            let test = compileTest(name: Self.defaultTestName(file.path), body: body, setups: setups, teardowns: teardowns, at: startOfFile)
            return CompiledModule(file: file, slotCount: scope.function.slotCount, topLevel: { _ in .normal }, tests: [test])
        }
        let top = compileStatements(topLevel, hoistInto: scope)
        let compiledTests = tests.map { compileTest(name: $0.0, body: $0.1, setups: setups, teardowns: teardowns, at: $0.2) }
        return CompiledModule(file: file, slotCount: scope.function.slotCount, topLevel: top, tests: compiledTests)
    }

    /// The name of the implicit test of a file without `test` blocks: the file name.
    public static func defaultTestName(_ path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return base.hasSuffix(".knock") ? String(base.dropLast(6)) : base
    }

    func compileTest(name: String, body: Block, setups: [Block], teardowns: [Block], at location: SourceLocation) -> CompiledTest {
        let function = pushFunction()
        defer { popFunction() }
        // Setup shares the test's top scope so the body and teardown see what it declares.
        let setup = compileStatements(setups.flatMap(\.statements), hoistInto: scope)
        pushBlock()
        let main = compileStatements(body.statements, hoistInto: scope)
        popBlock()
        pushBlock()
        let teardown = compileStatements(teardowns.flatMap(\.statements), hoistInto: scope)
        popBlock()
        return CompiledTest(name: name, location: location, slotCount: function.slotCount, setup: setup, body: main, teardown: teardown, hasTeardown: !teardowns.isEmpty)
    }
}

/// A compiled file: its top-level code and its tests.
public struct CompiledModule {
    public let file: SourceFile
    let slotCount: Int
    let topLevel: Exec
    public let tests: [CompiledTest]
}

public struct CompiledTest {
    public let name: String
    public let location: SourceLocation
    let slotCount: Int
    let setup: Exec
    let body: Exec
    let teardown: Exec
    let hasTeardown: Bool
}
