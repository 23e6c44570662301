import Foundation

/// The package root, from this file's path (Tests/KnockCommandsTests/Support/Binary.swift).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

struct BinaryResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

final class PipeBox: @unchecked Sendable { var data = Data() }

/// Runs the built knocksh with arguments and extra environment, capturing both streams; off the
/// cooperative pool, which the in-process API tests need free (see `offPool`).
func runKnocksh(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) async throws -> BinaryResult {
    let outcome = await offPool { UncheckedBox(Result { try runKnockshBlocking(arguments, environment: environment, directory: directory) }) }
    return try outcome.value.get()
}

func runKnockshBlocking(_ arguments: [String], environment: [String: String], directory: String?) throws -> BinaryResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: packageRoot + "/.build/debug/knocksh")
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for name in ["GITHUB_ACTIONS", "KNOCK_API_KEY", "KNOCK_ENVIRONMENT", "KNOCKSH_ENGINE_URL", "KNOCKSH_ENGINE_TRANSPORT"] { env[name] = nil }
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let box = PipeBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        box.data = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return BinaryResult(status: process.terminationStatus, stdout: String(decoding: box.data, as: UTF8.self),
                        stderr: String(decoding: errData, as: UTF8.self))
}
