/// Test Anything Protocol, version 13, streamed in test order.
///
/// ```
/// TAP version 13
/// 1..2
/// ok 1 - recipes/a.knock › adds
/// not ok 2 - recipes/a.knock › compares
///   ---
///   message: "expectation failed"
///   severity: fail
///   at: "recipes/a.knock:9:3"
///   ...
/// ```
public final class TAPReporter: TestReporter {
    let write: (String) -> Void
    var number = 0

    public init(write: @escaping (String) -> Void = Console.writeStdout) { self.write = write }

    public func runStarted(_ tests: [TestCase]) {
        write("TAP version 13\n1..\(tests.count)\n")
    }

    public func testFinished(_ r: TestResult) {
        number += 1
        let title = ConsoleReporter.title(r.test).replacingHashes
        switch r.status {
        case .passed:
            write("ok \(number) - \(title)\n")
        case .skipped:
            write("ok \(number) - \(title) # SKIP \(r.message ?? "")\n")
        case .failed, .errored:
            var out = "not ok \(number) - \(title)\n  ---\n"
            out += "  message: \(Value.string(r.message ?? "").literal)\n"
            out += "  severity: \(r.status == .failed ? "fail" : "error")\n"
            if let loc = r.error?.location ?? r.diagnostics.first?.location {
                out += "  at: \(Value.string(loc.description).literal)\n"
            }
            let details = r.allDiagnostics.map { DiagnosticRenderer(color: false).render($0) }.joined()
            out += "  details: |\n"
            for line in details.split(separator: "\n") { out += "    \(line)\n" }
            out += "  ...\n"
            write(out)
        }
    }

    public func runFinished(_ results: [TestResult], summary: RunSummary) {}
}

extension String {
    /// '#' starts a TAP directive, so it is escaped in descriptions.
    var replacingHashes: String { split(separator: "#", omittingEmptySubsequences: false).joined(separator: "\\#") }
}
