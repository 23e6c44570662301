#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Facts about the process's terminal, and the saved terminal mode to restore on a hard exit.
///
/// ```swift
/// if Terminal.stdinIsTerminal { Terminal.saveMode() }
/// let width = Terminal.width()       // columns of stdout's (or stderr's) terminal, else 100
/// Terminal.restoreMode()             // after SIGTERM interrupted libedit's raw mode
/// ```
public enum Terminal {
    public static var stdinIsTerminal: Bool { isatty(0) == 1 }
    public static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    public static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Columns of whichever standard output is a terminal; `COLUMNS` or 100 otherwise.
    public static func width(environment: [String: String] = [:]) -> Int {
        var size = winsize()
        for fd: Int32 in [1, 2, 0] where isatty(fd) == 1 {
            if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        return environment["COLUMNS"].flatMap(Int.init) ?? 100
    }

    private static let savedMode = Mutex<termios?>(nil)

    /// Remembers stdin's terminal mode before libedit changes it.
    public static func saveMode() {
        var t = termios()
        guard tcgetattr(0, &t) == 0 else { return }
        savedMode.withLock { $0 = t }
    }

    /// Puts the terminal back as `saveMode()` found it; safe from any thread.
    public static func restoreMode() {
        guard var t = savedMode.withLock({ $0 }) else { return }
        tcsetattr(0, TCSANOW, &t)
    }

    /// A UTF-8 locale, so libedit accepts non-ASCII keystrokes (in the C locale it drops them).
    public static func useUTF8Locale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().replacingOccurrences("-", "") != "UTF8" {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
    }
}

extension String {
    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
