import Foundation

/// A fresh temporary directory holding the given files (`name` may hold subfolders), for tests
/// that run recipes, workflows or the binary against real files. It is removed when the test
/// process exits (a run of the suite used to leave ~15 directories in /tmp).
///
/// ```swift
/// let dir = try temporaryDirectory(["a.knock": "print 1", "lib/b.knock": "print 2"])
/// ```
public func temporaryDirectory(_ files: [String: String]) throws -> String {
    let dir = NSTemporaryDirectory() + "knocksh-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    CreatedTemporaryDirectories.shared.add(dir)
    for (name, text) in files {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
    return dir
}

/// The directories `temporaryDirectory` made, removed at exit.
private final class CreatedTemporaryDirectories: @unchecked Sendable {
    static let shared: CreatedTemporaryDirectories = {
        let created = CreatedTemporaryDirectories()
        atexit { CreatedTemporaryDirectories.shared.removeAll() }
        return created
    }()
    private let lock = NSLock()
    private var paths: [String] = []

    func add(_ path: String) { lock.withLock { paths.append(path) } }

    func removeAll() {
        for path in lock.withLock({ paths }) { try? FileManager.default.removeItem(atPath: path) }
    }
}
