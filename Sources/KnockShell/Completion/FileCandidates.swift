import Foundation

/// File-name candidates after `import` and `.load`: directories (with `/`) and `.knock` files.
///
/// ```swift
/// FileCandidates.complete("recipes/new")   // ["recipes/new-comment.knock"]
/// ```
public enum FileCandidates {
    public static func complete(_ partial: String, directory: String = FileManager.default.currentDirectoryPath,
                                extensions: Set<String> = ["knock"]) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let dirPart = slash.map { String(partial[...$0]) } ?? ""
        let namePart = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let expandedDir: String
        if dirPart.hasPrefix("/") {
            expandedDir = dirPart
        } else if dirPart.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            expandedDir = home + dirPart.dropFirst()
        } else {
            expandedDir = directory + "/" + dirPart
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: expandedDir) else { return [] }
        var out: [String] = []
        for name in names where name.hasPrefix(namePart) {
            // Hidden entries only when asked for, as shells do.
            if name.hasPrefix("."), !namePart.hasPrefix(".") { continue }
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: expandedDir + "/" + name, isDirectory: &isDir)
            if isDir.boolValue {
                out.append(dirPart + name + "/")
            } else if extensions.isEmpty || extensions.contains((name as NSString).pathExtension) {
                out.append(dirPart + name)
            }
        }
        return out.sorted()
    }
}
