/// Writes a JUnit XML report (one `<testsuite>` per file) when the run finishes.
///
/// ```swift
/// let junit = JUnitReporter(path: "report.xml")   // knocksh run --junit report.xml
/// let safe = JUnitReporter(path: "report.xml", filter: redactor.redact)   // secrets hidden
/// ```
public final class JUnitReporter: TestReporter {
    let path: String
    /// Applied to the whole document before it is written: the other reporters take a `write`
    /// closure for the same purpose (hiding secrets), this one writes a file itself.
    let filter: (String) -> String
    public private(set) var writeError: String?

    public init(path: String, filter: @escaping (String) -> String = { $0 }) {
        self.path = path
        self.filter = filter
    }

    public func runStarted(_ tests: [TestCase]) {}
    public func testFinished(_ result: TestResult) {}

    public func runFinished(_ results: [TestResult], summary: RunSummary) {
        do {
            try FileSystem.write(filter(Self.document(results, summary: summary)), to: path)
        } catch {
            writeError = error.description
            Console.writeStderr("knocksh: cannot write the JUnit report: \(error)\n")
        }
    }

    public static func document(_ results: [TestResult], summary: RunSummary) -> String {
        var files: [String] = []
        var byFile: [String: [TestResult]] = [:]
        for r in results {
            if byFile[r.test.file] == nil { files.append(r.test.file) }
            byFile[r.test.file, default: []].append(r)
        }
        var x = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        x += "<testsuites name=\"knocksh\" tests=\"\(summary.total)\" failures=\"\(summary.failed)\" errors=\"\(summary.errored)\" skipped=\"\(summary.skipped)\" time=\"\(time(summary.duration))\">\n"
        for file in files {
            let rs = byFile[file]!
            let count = { (s: TestStatus) in rs.filter { $0.status == s }.count }
            let total = rs.reduce(0) { $0 + $1.duration }
            x += "  <testsuite name=\"\(escape(file))\" tests=\"\(rs.count)\" failures=\"\(count(.failed))\" errors=\"\(count(.errored))\" skipped=\"\(count(.skipped))\" time=\"\(time(total))\">\n"
            for r in rs {
                x += "    <testcase classname=\"\(escape(file))\" name=\"\(escape(r.test.name))\" file=\"\(escape(file))\" line=\"\(r.test.line)\" time=\"\(time(r.duration))\""
                let details = r.allDiagnostics.map { DiagnosticRenderer(color: false).render($0) }.joined()
                switch r.status {
                case .passed where r.output.isEmpty:
                    x += "/>\n"
                    continue
                case .passed:
                    x += ">\n"
                case .failed:
                    x += ">\n      <failure message=\"\(escape(r.message ?? "failed"))\" type=\"failure\">\(escape(details))</failure>\n"
                case .errored:
                    x += ">\n      <error message=\"\(escape(r.message ?? "error"))\" type=\"\(escape(r.error?.kind.rawValue ?? "error"))\">\(escape(details))</error>\n"
                case .skipped:
                    x += ">\n      <skipped message=\"\(escape(r.message ?? "skipped"))\"/>\n"
                }
                if !r.output.isEmpty { x += "      <system-out>\(escape(r.output))</system-out>\n" }
                x += "    </testcase>\n"
            }
            x += "  </testsuite>\n"
        }
        x += "</testsuites>\n"
        return x
    }

    static func time(_ s: Double) -> String {
        let ms = Int((s * 1000).rounded())
        let frac = ms % 1000
        return "\(ms / 1000)." + String(repeating: "0", count: 3 - String(frac).count) + String(frac)
    }

    /// Escapes markup and drops characters XML 1.0 cannot hold (most control characters).
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
