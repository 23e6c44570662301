import Foundation

/// The `knocksh` binary the terminal tests drive: `KNOCKSH_BIN` if set, else the one built next
/// to the tests (the test target depends on it, so `swift test` builds it).
enum ShellBinary {
    static var path: String? {
        if let explicit = ProcessInfo.processInfo.environment["KNOCKSH_BIN"] { return explicit }
        var candidates: [String] = []
        // The test bundle sits in the build directory next to the executables.
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("knocksh").path)
            dir = dir.deletingLastPathComponent()
        }
        // Package root from this file: Tests/KnockShellTests/Terminal/ShellBinary.swift.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/knocksh").path)
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: path)
        }
    }
}
