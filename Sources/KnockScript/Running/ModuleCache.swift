/// The modules one runner worker has compiled, by file: a worker compiles a file the first time
/// it runs one of its tests and reuses the closures for the file's other tests. Compiled code
/// holds no state (variables live in frames, commands are looked up in each test's registry), and
/// every test still runs the file's top level in a fresh frame, so reuse cannot leak one test's
/// variables into another. One cache per worker thread: closures never cross threads.
///
/// ```swift
/// var cache = ModuleCache()
/// let module = try cache.module(for: test.file, program: program) { compilations += 1 }
/// ```
struct ModuleCache {
    private var modules: [String: CompiledModule] = [:]

    /// The file's module, compiling it (and calling `compiled`) only on the first request.
    mutating func module(for file: String, program: Program, compiled: () -> Void) throws(ParseErrors) -> CompiledModule {
        if let module = modules[file] { return module }
        let module = try Compiler.compile(program)
        compiled()
        modules[file] = module
        return module
    }
}
