import Foundation

/// A scratch `workflows/` directory for loader tests, removed by the caller via `remove()`.
struct TempWorkflows {
    let root: URL

    init() {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("knocksh-wf-\(UUID().uuidString)")
        root = base.appendingPathComponent("workflows")
        try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func write(_ path: String, _ text: String) {
        let url = root.appendingPathComponent(path)
        try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! text.write(to: url, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }

    /// The repository's `recipes/workflows`, found from this source file.
    static var recipes: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("recipes/workflows")
    }
}
