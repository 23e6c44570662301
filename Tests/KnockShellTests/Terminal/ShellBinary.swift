import Foundation

/// The shell program the terminal tests drive: `KNOCKSH_SHELL_BIN` if set (e.g. the real
/// `knocksh` once the interpreter is wired in), else the demo built next to the tests.
enum ShellBinary {
    static var path: String? {
        if let explicit = ProcessInfo.processInfo.environment["KNOCKSH_SHELL_BIN"] { return explicit }
        var candidates: [String] = []
        // The test bundle sits in the build directory next to the executables.
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("knocksh-shell-demo").path)
            dir = dir.deletingLastPathComponent()
        }
        // Package root from this file: Tests/KnockShellTests/Terminal/ShellBinary.swift.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/knocksh-shell-demo").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
