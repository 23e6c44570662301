import Foundation
import TestSupport
import Testing
@testable import KnockScript

/// The runner compiles a file once per worker, not once per test, and reusing the compiled file
/// never lets one test see another's variables.
@Suite struct ModuleReuseTests {
    final class Collect: TestReporter, @unchecked Sendable {
        var results: [TestResult] = []
        func runStarted(_ tests: [TestCase]) {}
        func testFinished(_ result: TestResult) { results.append(result) }
        func runFinished(_ results: [TestResult], summary: RunSummary) {}
    }

    /// Runs the runner on a thread of its own (it blocks while its workers run) and answers the
    /// results in test order and the number of compilations the workers made.
    static func run(_ dir: String, jobs: Int) async throws -> (results: [TestResult], compilations: Int) {
        final class Box: @unchecked Sendable { var value: Result<([TestResult], Int), any Error>? }
        let box = Box()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                var options = RunOptions()
                options.jobs = jobs
                let runner = Runner(registry: .standard(), options: options)
                let collect = Collect()
                box.value = Result { _ = try runner.run(paths: [dir], reporters: [collect]); return (collect.results, runner.compilations) }
                continuation.resume()
            }
        }
        let (results, compilations) = try box.value!.get()
        return (results, compilations)
    }

    @Test func aFileOfManyTestsIsCompiledOncePerWorker() async throws {
        let tests = (0..<200).map { "test \"t\($0)\" { let x = \($0)\nexpect $x * 2 == \($0 * 2) }" }
        let dir = try temporaryDirectory(["many.knock": tests.joined(separator: "\n") + "\n", "other.knock": "test \"o\" { expect true }\n"])

        let serial = try await Self.run(dir, jobs: 1)
        #expect(serial.results.count == 201)
        #expect(serial.results.allSatisfy { $0.status == .passed })
        #expect(serial.compilations == 2, "one per file, whatever the number of tests")

        let parallel = try await Self.run(dir, jobs: 2)
        #expect(parallel.results.allSatisfy { $0.status == .passed })
        // Each worker compiles each file it runs a test of, at most once: 2 workers x 2 files.
        #expect(parallel.compilations >= 2 && parallel.compilations <= 4)
    }

    @Test func reusedModulesKeepEveryTestsVariablesApart() async throws {
        // Every test runs the top level afresh: module variables start from their initial
        // values, a closure sees its own test's module frame, and test-local names never carry over.
        let body = """
        let shared = []
        let count = 0
        fn bump() { count += 1
        return $count }
        test "first" {
          shared += ["first"]
          expect bump() == 1
          let local = "first's"
          expect $shared == ["first"]
        }
        test "second" {
          expect $shared == []
          expect $count == 0
          expect bump() == 1
          shared += ["second"]
          expect len($shared) == 1
        }
        test "third" {
          expect $shared == [] and $count == 0
          let local = "third's"
          expect $local == "third's"
        }
        """
        let dir = try temporaryDirectory(["isolated.knock": body + "\n"])
        for jobs in [1, 2] {
            let run = try await Self.run(dir, jobs: jobs)
            #expect(run.results.map(\.test.name) == ["first", "second", "third"])
            #expect(run.results.map(\.status) == [.passed, .passed, .passed],
                    "\(run.results.compactMap(\.message))")
        }
        // With one worker the three tests shared one compilation, so isolation held on reuse.
        #expect(try await Self.run(dir, jobs: 1).compilations == 1)
    }
}
