import Foundation
import Testing

/// Every ```knock example in docs/language.md runs through the real binary and must print the
/// ```output block that follows it (stdout, then stderr when it exits non-zero).
@Suite struct DocsTests {
    struct Example: CustomTestStringConvertible, Sendable {
        let line: Int
        let code: String
        let exitCode: Int32
        let output: String?
        var testDescription: String { "docs/language.md:\(line)" }
    }

    static func examples() throws -> [Example] {
        let text = try String(contentsOfFile: packageRoot + "/docs/language.md", encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        var examples: [Example] = []
        var i = 0
        func block(from start: Int) -> (String, Int) {
            var j = start
            var body: [String] = []
            while j < lines.count, lines[j] != "```" { body.append(lines[j]); j += 1 }
            return (body.joined(separator: "\n") + "\n", j + 1)
        }
        while i < lines.count {
            let fence = lines[i]
            guard fence.hasPrefix("```knock") else { i += 1; continue }
            let exit = fence.range(of: #"exit=(\d+)"#, options: .regularExpression).map { Int32(fence[$0].dropFirst(5))! } ?? 0
            let (code, next) = block(from: i + 1)
            var j = next
            while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces).isEmpty { j += 1 }
            var output: String?
            if j < lines.count, lines[j] == "```output" {
                let (o, after) = block(from: j + 1)
                output = o
                j = after
            }
            examples.append(Example(line: i + 1, code: code, exitCode: exit, output: output))
            i = j
        }
        return examples
    }

    static func normalize(_ s: String) -> String {
        s.replacingOccurrences(of: #"\(\d+ ms\)"#, with: "(N ms)", options: .regularExpression)
            .replacingOccurrences(of: #" in \d+\.\d\ds"#, with: " in N.NNs", options: .regularExpression)
            .replacingOccurrences(of: #"\(\d+ attempts?\)"#, with: "(N attempts)", options: .regularExpression)
    }

    @Test func thereAreManyExamples() throws {
        let all = try Self.examples()
        #expect(all.count >= 20)
        #expect(all.allSatisfy { $0.output != nil || $0.exitCode == 0 })
    }

    @Test(arguments: try DocsTests.examples())
    func exampleRunsAsDocumented(_ example: Example) throws {
        let r = try knocksh(["-c", example.code], directory: packageRoot)
        #expect(r.status == example.exitCode, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        if let expected = example.output {
            let actual = example.exitCode == 0 ? r.stdout : r.stdout + r.stderr
            #expect(Self.normalize(actual) == Self.normalize(expected))
        }
        if example.exitCode == 0 { #expect(r.stderr.isEmpty, "stderr: \(r.stderr)") }
    }
}
