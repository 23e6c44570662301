import KnockCore

/// One JSON object per line: `run_started`, one `test` per test (in order), `run_finished`.
///
/// ```
/// {"event":"run_started","tests":2}
/// {"event":"test","file":"a.knock","name":"adds","line":3,"status":"passed","duration_ms":0}
/// {"event":"run_finished","passed":1,"failed":1,"errored":0,"skipped":0,"duration_ms":5,"exit_code":1}
/// ```
public final class JSONLinesReporter: TestReporter {
    let write: (String) -> Void

    public init(write: @escaping (String) -> Void = Console.writeStdout) { self.write = write }

    public func runStarted(_ tests: [TestCase]) {
        write(JSON.object(["event": "run_started", "tests": .int(tests.count)]).serialized() + "\n")
    }

    public func testFinished(_ r: TestResult) {
        var o: JSONObject = [
            "event": "test", "file": .string(r.test.file), "name": .string(r.test.name),
            "line": .int(r.test.line), "status": .string(r.status.rawValue),
            "duration_ms": .int(Int((r.duration * 1000).rounded())),
        ]
        if let m = r.message { o["message"] = .string(m) }
        if let e = r.error {
            o["kind"] = .string(e.kind.rawValue)
            if let loc = e.location { o["location"] = .string(loc.description) }
            if let api = e.api { o["api_status"] = .int(api.status) }
        }
        let details = r.allDiagnostics.map { DiagnosticRenderer(color: false).render($0) }.joined()
        if !details.isEmpty && r.status != .skipped { o["details"] = .string(details) }
        if !r.output.isEmpty { o["output"] = .string(r.output) }
        write(JSON.object(o).serialized() + "\n")
    }

    public func runFinished(_ results: [TestResult], summary s: RunSummary) {
        let o: JSONObject = [
            "event": "run_finished", "passed": .int(s.passed), "failed": .int(s.failed),
            "errored": .int(s.errored), "skipped": .int(s.skipped),
            "duration_ms": .int(Int((s.duration * 1000).rounded())), "exit_code": .int(Int(s.exitCode)),
        ]
        write(JSON.object(o).serialized() + "\n")
    }
}
