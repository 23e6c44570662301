import Foundation
import KnockScript

/// Finds the `workflows/` folder the embedded engine loads by default: the nearest one at or
/// above the first recipe's directory, also looking into a sibling `recipes/` folder
/// (`recipes/workflows`, the cookbook's layout).
///
/// ```swift
/// WorkflowsDirectory.find(from: "recipes/welcome.knock")   // "/repo/recipes/workflows"
/// WorkflowsDirectory.find(from: ".")                        // the same, from the repo root
/// ```
public enum WorkflowsDirectory {
    public static func find(from path: String) -> String? {
        // Absolute, so walking up from "recipes" or "." reaches the real parents.
        let absolute = FileSystem.normalize(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
        var directory = FileSystem.kind(absolute) == .directory ? absolute : FileSystem.directory(of: absolute)
        for _ in 0..<64 {
            for candidate in [join(directory, "workflows"), join(directory, "recipes/workflows")]
            where FileSystem.kind(candidate) == .directory {
                return candidate
            }
            let parent = FileSystem.directory(of: directory)
            if parent == directory { return nil }
            directory = parent
        }
        return nil
    }

    static func join(_ a: String, _ b: String) -> String {
        a.hasSuffix("/") ? a + b : a + "/" + b
    }
}
