#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The shell's persistent history: redacted, without consecutive duplicates, private (0600).
///
/// Each accepted entry is appended to the file at once, so no exit path (Ctrl-D, `.quit`,
/// SIGTERM, a crash) loses it; `save()` rewrites the file trimmed to `limit` on clean exits.
/// The file is our own format rather than libedit's so it can be written from any thread and
/// read without libedit: a header line, then one entry per line with `\` and newlines escaped.
///
/// ```swift
/// let history = History(path: "/tmp/h", limit: 500, redactor: BasicSecretRedactor())
/// history.load()                        // entries from earlier sessions
/// history.add("users get u1")           // "users get u1" (stored and appended)
/// history.add("users get u1")           // nil: a consecutive duplicate
/// ```
public final class History: Sendable {
    static let header = "#knocksh-history-v1"

    public let path: String?
    public let limit: Int
    private let redactor: any SecretRedacting
    private let state = Mutex<[String]>([])

    public init(path: String?, limit: Int = 1000, redactor: any SecretRedacting = BasicSecretRedactor()) {
        self.path = path
        self.limit = max(1, limit)
        self.redactor = redactor
    }

    /// The entries in memory, oldest first.
    public var entries: [String] { state.withLock { $0 } }

    /// Reads the file (if any) into memory and returns the entries, oldest first.
    @discardableResult
    public func load() -> [String] {
        guard let path, let text = Self.readFile(path) else { return entries }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if lines.first == Self.header { lines.removeFirst() }
        var loaded: [String] = []
        for line in lines {
            // Entries from older versions or other hands pass through the redactor again.
            let entry = redactor.redact(Self.unescape(line))
            if loaded.last != entry { loaded.append(entry) }
        }
        if loaded.count > limit { loaded.removeFirst(loaded.count - limit) }
        state.withLock { $0 = loaded }
        return loaded
    }

    /// Adds an entry and appends it to the file. Returns what was stored (trimmed, redacted),
    /// or nil when it was empty or the same as the previous entry.
    @discardableResult
    public func add(_ line: String) -> String? {
        let entry = redactor.redact(line.trimmingTrailingWhitespace())
        guard !entry.allSatisfy(\.isWhitespace) else { return nil }
        let accepted = state.withLock { entries -> Bool in
            if entries.last == entry { return false }
            entries.append(entry)
            if entries.count > limit { entries.removeFirst(entries.count - limit) }
            return true
        }
        guard accepted else { return nil }
        if let path { appendToFile(path, entry) }
        return entry
    }

    /// Rewrites the file with the in-memory entries (at most `limit`), atomically, mode 0600.
    public func save() {
        guard let path else { return }
        let body = state.withLock { entries in
            ([Self.header] + entries.map(Self.escape)).joined(separator: "\n") + "\n"
        }
        Self.ensureDirectory(of: path)
        let temp = path + ".tmp-\(getpid())"
        guard Self.writeFile(temp, body, flags: O_WRONLY | O_CREAT | O_TRUNC) else { return }
        if rename(temp, path) != 0 { unlink(temp) }
    }

    private func appendToFile(_ path: String, _ entry: String) {
        Self.ensureDirectory(of: path)
        let isNew = access(path, F_OK) != 0
        let line = (isNew ? Self.header + "\n" : "") + Self.escape(entry) + "\n"
        _ = Self.writeFile(path, line, flags: O_WRONLY | O_CREAT | O_APPEND)
    }

    // MARK: file helpers (POSIX, so permissions are exact and no Foundation is needed)

    static func escape(_ entry: String) -> String {
        var out = ""
        for c in entry {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(c)
            }
        }
        return out
    }

    static func unescape(_ line: String) -> String {
        var out = ""
        var escaping = false
        for c in line {
            if escaping {
                switch c {
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(c)
                }
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    static func ensureDirectory(of path: String) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let dir = String(path[..<slash])
        if access(dir, F_OK) == 0 { return }
        ensureDirectory(of: dir)
        mkdir(dir, 0o700)
    }

    static func writeFile(_ path: String, _ text: String, flags: Int32) -> Bool {
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        // An existing file made by someone else's umask is tightened too.
        fchmod(fd, 0o600)
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: data, as: UTF8.self)
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
