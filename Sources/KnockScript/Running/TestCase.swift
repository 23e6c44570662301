/// One test the runner found: a `test "name" { }` block, or a whole file without test blocks.
///
/// ```swift
/// let t = TestCase(file: "recipes/a.knock", name: "a", line: 1, index: 0)
/// t.id    // "recipes/a.knock::a"
/// ```
public struct TestCase: Sendable, Hashable {
    public let file: String
    public let name: String
    public let line: Int
    /// Position of the test in its file.
    public let index: Int

    public init(file: String, name: String, line: Int, index: Int) {
        self.file = file
        self.name = name
        self.line = line
        self.index = index
    }

    public var id: String { "\(file)::\(name)" }
}

public enum TestStatus: String, Sendable {
    case passed, failed, errored, skipped
}

/// What happened to one test.
public struct TestResult: Sendable {
    public let test: TestCase
    public let status: TestStatus
    /// Seconds of wall time.
    public let duration: Double
    /// Why it failed, errored or was skipped.
    public let error: ScriptError?
    /// Extra problems, e.g. every parse error of a file that did not load.
    public let diagnostics: [Diagnostic]
    /// What the test printed.
    public let output: String

    public init(test: TestCase, status: TestStatus, duration: Double, error: ScriptError? = nil, diagnostics: [Diagnostic] = [], output: String = "") {
        self.test = test
        self.status = status
        self.duration = duration
        self.error = error
        self.diagnostics = diagnostics
        self.output = output
    }

    /// The message a report shows in one line.
    public var message: String? {
        if let error { return error.message }
        return diagnostics.first?.message
    }

    /// Every problem as diagnostics (the error first).
    public var allDiagnostics: [Diagnostic] {
        (error.map { [$0.diagnostic] } ?? []) + diagnostics
    }
}

/// Totals of a run and the process exit code they imply.
public struct RunSummary: Sendable {
    public var passed = 0
    public var failed = 0
    public var errored = 0
    public var skipped = 0
    /// Seconds of wall time for the whole run.
    public var duration: Double = 0

    public init() {}

    public var total: Int { passed + failed + errored + skipped }

    /// 0 all passed, 1 a test failed, 2 an error (errors win over failures).
    public var exitCode: Int32 {
        if errored > 0 { return ExitStatus.error }
        if failed > 0 { return ExitStatus.failure }
        return ExitStatus.success
    }

    public mutating func add(_ status: TestStatus) {
        switch status {
        case .passed: passed += 1
        case .failed: failed += 1
        case .errored: errored += 1
        case .skipped: skipped += 1
        }
    }
}

/// The process exit codes, documented in docs/language.md.
public enum ExitStatus {
    public static let success: Int32 = 0
    /// A test failed: an expect, `fail`, or a wait that timed out.
    public static let failure: Int32 = 1
    /// An error: parse error, runtime error, unexpected API error, connection failure.
    public static let error: Int32 = 2
    /// Bad command-line usage (EX_USAGE).
    public static let usage: Int32 = 64
}
