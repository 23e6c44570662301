import KnockCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a run is shaped: parallelism, which tests, limits, variables.
public struct RunOptions: Sendable {
    public var jobs: Int = Runner.defaultJobs
    /// Keep only the tests of shard `index` (1-based) out of `count`.
    public var shard: (index: Int, count: Int)?
    /// A regular expression matched against test names (and `file::name` ids).
    public var filter: String?
    public var failFast = false
    public var timeout: KnockDuration?
    public var variables: [String: Value] = [:]
    public var stepBudget: Int?

    public init() {}
}

/// Receives results in test order, whatever order the workers finish in, so a parallel run
/// reports exactly what a serial run does.
public protocol TestReporter: AnyObject {
    func runStarted(_ tests: [TestCase])
    func testFinished(_ result: TestResult)
    func runFinished(_ results: [TestResult], summary: RunSummary)
}

/// Finds tests in files and directories and runs them on `jobs` threads.
///
/// ```swift
/// var options = RunOptions()
/// options.jobs = 4
/// let runner = Runner(registry: .standard(), options: options)
/// let summary = runner.run(paths: ["recipes"], reporters: [ConsoleReporter(color: false)])
/// exit(summary.exitCode)
/// ```
public final class Runner: @unchecked Sendable {
    public let registry: CommandRegistry
    public let lifecycle: (any TestLifecycle)?
    public let options: RunOptions
    /// How many times a worker compiled a file to run its tests: once per file per worker that
    /// ran one of its tests (tests check this, not the time it takes).
    public var compilations: Int { compileCount.value }
    private let compileCount = Locked(0)

    public static var defaultJobs: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    public init(registry: CommandRegistry, lifecycle: (any TestLifecycle)? = nil, options: RunOptions) {
        self.registry = registry
        self.lifecycle = lifecycle
        self.options = options
    }

    /// A test to run, or a file that did not load (reported as one errored entry).
    enum Item {
        case test(TestCase, Program)
        case broken(TestCase, [Diagnostic])

        var test: TestCase {
            switch self {
            case .test(let t, _), .broken(let t, _): return t
            }
        }
    }

    public struct PathError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Expands paths to `.knock` files: files as given, directories recursively and sorted.
    public static func files(for paths: [String]) throws(PathError) -> [String] {
        var files: [String] = []
        for p in paths {
            switch FileSystem.kind(p) {
            case .missing: throw PathError(description: "no such file or directory: \(p)")
            case .file: files.append(p)
            case .directory:
                do { files += try FileSystem.knockFiles(under: p) } catch { throw PathError(description: error.description) }
            }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    /// Loads and checks every file, then applies the filter and the shard.
    func plan(_ files: [String]) throws(PathError) -> [Item] {
        try select(files.map { file in (file, Result { () throws(ParseErrors) in try ScriptLoader.load(path: file) }) })
    }

    func select(_ loaded: [(String, Result<Program, ParseErrors>)]) throws(PathError) -> [Item] {
        var items: [Item] = []
        for (file, result) in loaded {
            do {
                let program = try result.get()
                let module = try Compiler.compile(program)
                for (n, t) in module.tests.enumerated() {
                    items.append(.test(TestCase(file: file, name: t.name, line: t.location.line, index: n), program))
                }
            } catch {
                items.append(.broken(TestCase(file: file, name: Compiler.defaultTestName(file), line: error.diagnostics.first?.location?.line ?? 1, index: 0), error.diagnostics))
            }
        }
        if let pattern = options.filter {
            let regex: Regex<AnyRegexOutput>
            do { regex = try Regex(pattern) } catch { throw PathError(description: "invalid --filter pattern: \(error)") }
            items = items.filter { $0.test.name.contains(regex) || $0.test.id.contains(regex) }
        }
        if let (index, count) = options.shard {
            // Round-robin over the sorted list: deterministic, balanced, and a partition.
            items = items.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
        }
        return items
    }

    /// Discovers the tests without running them (for `--list`-like uses and tests).
    public func tests(paths: [String]) throws(PathError) -> [TestCase] {
        try plan(try Self.files(for: paths)).map(\.test)
    }

    public func run(paths: [String], reporters: [any TestReporter]) throws(PathError) -> RunSummary {
        let started = MonotonicClock.nanoseconds()
        return run(try plan(try Self.files(for: paths)), started: started, reporters: reporters)
    }

    /// Runs the tests of an already loaded program (`knocksh -c` with test blocks).
    public func run(program: Program, reporters: [any TestReporter]) throws(PathError) -> RunSummary {
        let started = MonotonicClock.nanoseconds()
        return run(try select([(program.file.path, .success(program))]), started: started, reporters: reporters)
    }

    func run(_ items: [Item], started: UInt64, reporters: [any TestReporter]) -> RunSummary {
        for r in reporters { r.runStarted(items.map(\.test)) }

        let state = Locked(State(count: items.count))
        let workers = max(1, min(options.jobs, items.count))
        let threads = (0..<workers).map { _ in
            ScriptThread { [self] in
                var modules = ModuleCache()
                while let index = state.withLock({ $0.claim(stopped: Interrupt.requested) }) {
                    let result = execute(items[index], modules: &modules)
                    state.withLock { s in
                        s.results[index] = result
                        if options.failFast, result.status == .failed || result.status == .errored { s.stopped = true }
                        s.flush(to: reporters)
                    }
                }
            }
        }
        for t in threads { t.join() }
        return state.withLock { s in
            let reason = Interrupt.requested ? "not run: interrupted" : "not run: --fail-fast"
            for i in 0..<items.count where s.results[i] == nil {
                s.results[i] = TestResult(test: items[i].test, status: .skipped, duration: 0, error: ScriptError(.skipped, reason))
            }
            s.flush(to: reporters)
            s.summary.duration = MonotonicClock.seconds(since: started)
            let results = s.results.compactMap { $0 }
            for r in reporters { r.runFinished(results, summary: s.summary) }
            return s.summary
        }
    }

    struct State {
        var results: [TestResult?]
        var next = 0
        var reported = 0
        var stopped = false
        var summary = RunSummary()

        init(count: Int) { results = Array(repeating: nil, count: count) }

        mutating func claim(stopped interrupted: Bool) -> Int? {
            guard !stopped, !interrupted, next < results.count else { return nil }
            defer { next += 1 }
            return next
        }

        /// Reports every finished result at the front of the list, in order.
        mutating func flush(to reporters: [any TestReporter]) {
            while reported < results.count, let r = results[reported] {
                summary.add(r.status)
                for rep in reporters { rep.testFinished(r) }
                reported += 1
            }
        }
    }

    func execute(_ item: Item, modules: inout ModuleCache) -> TestResult {
        let start = MonotonicClock.nanoseconds()
        switch item {
        case .broken(let test, let diagnostics):
            return TestResult(test: test, status: .errored, duration: 0, error: nil, diagnostics: diagnostics)
        case .test(let test, let program):
            let output = BufferedOutput()
            let context = ExecutionContext(registry: registry, output: output, variables: options.variables)
            context.stepBudget = options.stepBudget
            context.workingDirectory = FileSystem.directory(of: test.file)
            if let t = options.timeout {
                context.cancellation.deadline = start + UInt64(max(0, t.milliseconds)) * 1_000_000
            }
            var status: TestStatus
            var error: ScriptError?
            do {
                try lifecycle?.beforeTest(test, context: context)
                let module = try modules.module(for: test.file, program: program) { compileCount.withLock { $0 += 1 } }
                (status, error) = module.run(test: test.index, context: context)
            } catch {
                // beforeTest failed (or the program no longer compiles): the test errors.
                let e = (error as? ScriptError) ?? ScriptError.runtime("could not prepare the test: \(error)")
                lifecycle?.afterTest(test, context: context, status: .errored)
                return TestResult(test: test, status: .errored, duration: MonotonicClock.seconds(since: start), error: e, output: output.text)
            }
            if error?.kind == .timeout, let t = options.timeout {
                error?.message = "timed out after \(t) (--timeout)"
            }
            lifecycle?.afterTest(test, context: context, status: status)
            return TestResult(test: test, status: status, duration: MonotonicClock.seconds(since: start), error: error, output: output.text)
        }
    }
}
