import KnockCore

/// The variable slots of one function activation (or a module, or a test). The compiler resolves
/// every variable to (depth, slot) ahead of time, so reading `$x` is a pointer load, not a
/// dictionary lookup. Closures keep their defining frame alive through `parent`.
final class Frame {
    let parent: Frame?
    let slots: UnsafeMutablePointer<Value>
    let count: Int

    init(count: Int, parent: Frame?) {
        self.parent = parent
        self.count = max(count, 1)
        slots = .allocate(capacity: self.count)
        slots.initialize(repeating: .null, count: self.count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    @inline(__always)
    func ancestor(_ depth: Int) -> Frame {
        var f = self
        for _ in 0..<depth { f = f.parent! }
        return f
    }
}

/// What a `fn` declaration compiles to; a `FunctionValue` pairs it with a frame.
final class FunctionTemplate: @unchecked Sendable {
    let name: String
    let parameters: [String]
    let location: SourceLocation
    var slotCount = 0
    var body: Exec = { _ in .normal }

    init(name: String, parameters: [String], location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.location = location
    }
}

/// A function as a value: its code and the frame it closes over.
public final class FunctionValue: @unchecked Sendable {
    let template: FunctionTemplate
    let closure: Frame?

    init(template: FunctionTemplate, closure: Frame?) {
        self.template = template
        self.closure = closure
    }

    public var name: String { template.name }
    public var arity: Int { template.parameters.count }
}

/// How a statement finished: normally, or by `break`, `continue` or `return` (whose value waits
/// in `Interpreter.returnValue`). Control flow is a return value, not a thrown error, so loops
/// stay cheap.
enum Flow: UInt8 {
    case normal, breakLoop, continueLoop, returned
}

typealias Eval = (Interpreter) throws -> Value
typealias Exec = (Interpreter) throws -> Flow
