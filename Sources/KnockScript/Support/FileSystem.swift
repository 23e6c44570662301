#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the runner needs, on libc directly to keep start-up fast.
///
/// ```swift
/// let text = try FileSystem.read("recipes/a.knock")
/// let files = try FileSystem.knockFiles(under: "recipes")   // sorted, recursive
/// ```
public enum FileSystem {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    public static func read(_ path: String) throws(Failure) -> String {
        guard let f = fopen(path, "rb") else { throw Failure(path: path, reason: errnoText()) }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(f) != 0 { throw Failure(path: path, reason: "read error") }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func write(_ text: String, to path: String) throws(Failure) {
        guard let f = fopen(path, "wb") else { throw Failure(path: path, reason: errnoText()) }
        defer { fclose(f) }
        let bytes = Array(text.utf8)
        if !bytes.isEmpty, fwrite(bytes, 1, bytes.count, f) != bytes.count {
            throw Failure(path: path, reason: "write error")
        }
    }

    public enum Kind { case missing, file, directory }

    public static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        return (st.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
    }

    /// Every `*.knock` file below `directory`, sorted so runs and shards are deterministic.
    /// Files starting with `_` and folders named `lib` are skipped: they hold imported helpers.
    public static func knockFiles(under directory: String) throws(Failure) -> [String] {
        var result: [String] = []
        try collect(directory, into: &result, depth: 0)
        return result.sorted()
    }

    static func collect(_ dir: String, into result: inout [String], depth: Int) throws(Failure) {
        guard depth < 64, let d = opendir(dir) else {
            throw Failure(path: dir, reason: depth < 64 ? errnoText() : "directories nest too deep")
        }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            // Hidden entries, `_helpers.knock` and `lib/` folders hold shared code, not tests.
            if name.hasPrefix(".") || name.hasPrefix("_") { continue }
            names.append(name)
        }
        for name in names.sorted() {
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            switch kind(path) {
            case .directory where name != "lib": try collect(path, into: &result, depth: depth + 1)
            case .file where name.hasSuffix(".knock"): result.append(path)
            default: break
            }
        }
    }

    /// `a/b/../c` without touching the disk; relative paths stay relative.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// The directory part of a path ("." for a bare file name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }
}

/// Reads the process environment.
public enum Environment {
    public static func get(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    public static func all() -> [(String, String)] {
        var result: [(String, String)] = []
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") {
                result.append((String(s[..<eq]), String(s[s.index(after: eq)...])))
            }
            p += 1
        }
        return result.sorted { $0.0 < $1.0 }
    }
}
