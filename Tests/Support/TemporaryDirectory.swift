import Foundation

/// A fresh temporary directory holding the given files (`name` may hold subfolders), for tests
/// that run recipes, workflows or the binary against real files.
///
/// ```swift
/// let dir = try temporaryDirectory(["a.knock": "print 1", "lib/b.knock": "print 2"])
/// ```
public func temporaryDirectory(_ files: [String: String]) throws -> String {
    let dir = NSTemporaryDirectory() + "knocksh-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, text) in files {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
    return dir
}
