/// `::error file=...,line=...,col=...::message` lines that GitHub Actions turns into annotations
/// on the pull request. Enabled when `GITHUB_ACTIONS=true`.
public final class GitHubAnnotationsReporter: TestReporter {
    let write: (String) -> Void

    public init(write: @escaping (String) -> Void = Console.writeStdout) { self.write = write }

    public func runStarted(_ tests: [TestCase]) {}
    public func runFinished(_ results: [TestResult], summary: RunSummary) {}

    public func testFinished(_ r: TestResult) {
        guard r.status == .failed || r.status == .errored else { return }
        let d = r.allDiagnostics.first
        let loc = d?.location
        let file = loc?.path ?? r.test.file
        let line = loc?.line ?? r.test.line
        var props = "file=\(Self.property(file)),line=\(line)"
        if let col = loc?.column { props += ",col=\(col)" }
        props += ",title=\(Self.property("knocksh: \(r.test.name)"))"
        var body = d?.message ?? r.status.rawValue
        if let d {
            if !d.notes.isEmpty { body += "\n" + d.notes.joined(separator: "\n") }
            if let hint = d.hint { body += "\nhint: \(hint)" }
        }
        write("::error \(props)::\(Self.data(body))\n")
    }

    static func data(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func property(_ s: String) -> String {
        data(s).split(separator: ":", omittingEmptySubsequences: false).joined(separator: "%3A")
            .split(separator: ",", omittingEmptySubsequences: false).joined(separator: "%2C")
    }
}
