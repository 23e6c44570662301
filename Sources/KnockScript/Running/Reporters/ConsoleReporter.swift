/// One line per test with its time, the details of each failure, and a summary.
///
/// ```
/// PASS  recipes/math.knock › adds  (0 ms)
/// FAIL  recipes/math.knock › compares  (1 ms)
///   recipes/math.knock:9:3: failure: expectation failed
///     expect $a == 3
///            |  |
///            2  false
///
/// 1 passed, 1 failed, 0 errored, 0 skipped (2 tests) in 0.01s
/// ```
public final class ConsoleReporter: TestReporter {
    let color: Bool
    let write: (String) -> Void

    public init(color: Bool, write: @escaping (String) -> Void = Console.writeStdout) {
        self.color = color
        self.write = write
    }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    public func runStarted(_ tests: [TestCase]) {}

    public static func title(_ test: TestCase) -> String {
        test.name == Compiler.defaultTestName(test.file) ? test.file : "\(test.file) › \(test.name)"
    }

    public func testFinished(_ r: TestResult) {
        let label: String
        switch r.status {
        case .passed: label = paint("PASS ", "32")
        case .failed: label = paint("FAIL ", "1;31")
        case .errored: label = paint("ERROR", "1;35")
        case .skipped: label = paint("SKIP ", "33")
        }
        var out = "\(label) \(Self.title(r.test))  " + paint("(\(Self.milliseconds(r.duration)))", "2")
        if r.status == .skipped, let m = r.message { out += " " + paint("— \(m)", "33") }
        out += "\n"
        if r.status == .failed || r.status == .errored {
            let renderer = DiagnosticRenderer(color: color, label: r.status == .failed ? "failure" : "error")
            for d in r.allDiagnostics { out += renderer.render(d, indent: "  ") }
        }
        if !r.output.isEmpty {
            out += paint("  output:", "2") + "\n"
            for line in r.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast(r.output.hasSuffix("\n") ? 1 : 0) {
                out += "    " + line + "\n"
            }
        }
        write(out)
    }

    public func runFinished(_ results: [TestResult], summary s: RunSummary) {
        var parts = [
            paint("\(s.passed) passed", s.passed > 0 ? "32" : "0"),
            paint("\(s.failed) failed", s.failed > 0 ? "1;31" : "0"),
            paint("\(s.errored) errored", s.errored > 0 ? "1;35" : "0"),
            paint("\(s.skipped) skipped", s.skipped > 0 ? "33" : "0"),
        ].joined(separator: ", ")
        parts += " (\(s.total) test\(s.total == 1 ? "" : "s")) in " + Self.seconds(s.duration)
        write("\n" + parts + "\n")
    }

    static func milliseconds(_ seconds: Double) -> String {
        seconds < 10 ? "\(Int((seconds * 1000).rounded())) ms" : Self.seconds(seconds)
    }

    static func seconds(_ s: Double) -> String {
        let hundredths = Int((s * 100).rounded())
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)s"
    }
}
