import Foundation
@testable import KnockScript

/// Runs a script in-process the way `knocksh -c` does and returns what it printed and how it ended.
struct ScriptRun {
    var output: String
    var status: TestStatus
    var error: ScriptError?
    var compileErrors: [Diagnostic] = []
}

func runScript(_ text: String, variables: [String: Value] = [:], registry: CommandRegistry = .standard(), budget: Int? = nil, deadlineMilliseconds: Int? = nil) -> ScriptRun {
    let file = SourceFile(path: "test.knock", text: text)
    let program: Program
    do {
        program = try ScriptLoader.load(source: file, directory: ".")
        _ = try Compiler.compile(program)
    } catch {
        return ScriptRun(output: "", status: .errored, error: nil, compileErrors: error.diagnostics)
    }
    return ScriptThread.run {
        let output = BufferedOutput()
        let context = ExecutionContext(registry: registry, output: output, variables: variables)
        context.stepBudget = budget
        if let ms = deadlineMilliseconds {
            context.cancellation.deadline = MonotonicClock.nanoseconds() + UInt64(ms) * 1_000_000
        }
        let module = try! Compiler.compile(program)
        var status = TestStatus.passed
        var error: ScriptError?
        for n in module.tests.indices {
            (status, error) = module.run(test: n, context: context)
            if status != .passed { break }
        }
        return ScriptRun(output: output.text, status: status, error: error)
    }
}

/// The S-expression of each statement of a script that must parse.
func sexpr(_ text: String) throws -> String {
    let program = try Parser.parse(SourceFile(path: "t.knock", text: text))
    return program.statements.map(\.sexpr).joined(separator: "\n")
}

func parseErrors(_ text: String) -> [Diagnostic] {
    Parser.parseRecovering(SourceFile(path: "t.knock", text: text)).1
}

/// Errors from parsing and compiling.
func checkErrors(_ text: String) -> [Diagnostic] {
    do {
        _ = try Compiler.compile(try ScriptLoader.load(source: SourceFile(path: "t.knock", text: text), directory: "."))
        return []
    } catch {
        return error.diagnostics
    }
}

/// The package root, found from this file's path (Tests/KnockScriptTests/TestSupport.swift).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The built knocksh binary, as `swift build` leaves it.
let knockshBinary: String = {
    for config in ["debug", "release"] {
        let path = packageRoot + "/.build/\(config)/knocksh"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return packageRoot + "/.build/debug/knocksh"
}()

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

final class DataBox: @unchecked Sendable { var data = Data() }

/// Runs the real binary with arguments and optional stdin, capturing both streams.
func knocksh(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: String? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: knockshBinary)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env["GITHUB_ACTIONS"] = nil
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes before waiting so a full pipe cannot deadlock the child.
    let outBox = DataBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        outBox.data = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}
