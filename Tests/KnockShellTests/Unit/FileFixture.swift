import Foundation

/// Temporary files for tests.
enum FileFixture {
    static func make(_ dir: String, files: [String]) throws {
        for f in files {
            let path = dir + "/" + f
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try "".write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    static func remove(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }

    static func tempDir(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "knocksh-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
