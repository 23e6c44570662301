/// ANSI styling that switches off cleanly: with colors disabled every method returns its input.
///
/// ```swift
/// let p = Palette(enabled: Palette.colorsWanted(isTerminal: true, environment: env))
/// print(p.key("\"id\"") + ": " + p.string("\"u1\""))
/// ```
public struct Palette: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    /// Colors only on a terminal, never with `NO_COLOR` set (no-color.org) or `TERM=dumb`.
    public static func colorsWanted(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal else { return false }
        if let v = environment["NO_COLOR"], !v.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return true
    }

    public func key(_ s: String) -> String { wrap(s, "34") }          // blue
    public func string(_ s: String) -> String { wrap(s, "32") }       // green
    public func number(_ s: String) -> String { wrap(s, "33") }       // yellow
    public func literal(_ s: String) -> String { wrap(s, "35") }      // magenta: true false null
    public func header(_ s: String) -> String { wrap(s, "1") }        // bold
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func error(_ s: String) -> String { wrap(s, "1;31") }      // bold red
    public func hint(_ s: String) -> String { wrap(s, "36") }         // cyan

    private func wrap(_ s: String, _ code: String) -> String {
        enabled && !s.isEmpty ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}
