import KnockCore

/// How results are shown: lists as tables or everything as JSON (`.format table|json`).
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json
}

/// Turns results, errors and `.last` exchanges into text for the terminal or a pipe.
///
/// On a terminal: colored JSON, lists of records as tables (unless the format is `json`).
/// Into a pipe: plain indented JSON only, so `knocksh | jq` works.
///
/// ```swift
/// let r = ResultRenderer(palette: Palette(enabled: true), format: .table, isTerminal: true, width: 120)
/// print(r.render(["entries": [["id": "u1"]], "page_info": ["after": nil]]))
/// print(r.renderError(ShellError("user not found", hint: "try `users list`")))
/// ```
public struct ResultRenderer: Sendable {
    public var palette: Palette
    public var format: OutputFormat
    public var isTerminal: Bool
    public var width: Int

    public init(palette: Palette, format: OutputFormat = .table, isTerminal: Bool, width: Int = 100) {
        self.palette = palette
        self.format = format
        self.isTerminal = isTerminal
        self.width = width
    }

    public func render(_ value: JSON) -> String {
        if isTerminal, format == .table, let rows = TableRenderer.rows(of: value) {
            let after = value["page_info"]?["after"]?.stringValue
            return TableRenderer(palette: palette, width: width).render(rows: rows, nextPage: after)
        }
        return JSONRenderer(palette: isTerminal ? palette : Palette(enabled: false)).render(value)
    }

    /// `error: message` and, when there is one, `hint: ...` on the next line.
    public func renderError(_ error: any Error) -> String {
        let message: String
        let hint: String?
        if let e = error as? any ShellReportableError {
            message = e.message
            hint = e.hint
        } else {
            message = String(describing: error)
            hint = nil
        }
        var out = palette.error("error:") + " " + message
        if let hint, !hint.isEmpty { out += "\n" + palette.hint("hint:") + " " + hint }
        return out
    }

    /// The request and response of `.last`, header values passed through `redactor`.
    public func renderExchange(_ x: ShellExchange, redactor: any SecretRedacting) -> String {
        var lines = [palette.header("\(x.method) \(redactor.redact(x.url))")]
        for h in x.requestHeaders { lines.append(palette.key(h.name) + ": " + redactor.redact(Self.hideAuthorization(h))) }
        if let body = x.requestBody { lines.append(redactor.redact(render(body, asJSON: true))) }
        var status = "\(x.status)"
        if let ms = x.milliseconds { status += palette.dim(" (\(Self.formatMilliseconds(ms)))") }
        lines.append("")
        lines.append(palette.header("HTTP " + status))
        for h in x.responseHeaders { lines.append(palette.key(h.name) + ": " + redactor.redact(h.value)) }
        if let body = x.responseBody { lines.append(redactor.redact(render(body, asJSON: true))) }
        return lines.joined(separator: "\n")
    }

    private func render(_ value: JSON, asJSON: Bool) -> String {
        var r = self
        r.format = .json
        return r.render(value)
    }

    /// An Authorization header never shows its credential, whatever shape the token has.
    static func hideAuthorization(_ h: (name: String, value: String)) -> String {
        guard h.name.lowercased() == "authorization" else { return h.value }
        let scheme = h.value.split(separator: " ").first.map(String.init) ?? ""
        return scheme.isEmpty || scheme == h.value ? BasicSecretRedactor.marker : scheme + " " + BasicSecretRedactor.marker
    }

    public static func formatMilliseconds(_ ms: Double) -> String {
        ms < 10 ? String(format1: ms) + " ms" : ms < 1000 ? "\(Int(ms.rounded())) ms" : String(format1: ms / 1000) + " s"
    }
}

extension String {
    /// One decimal place without Foundation's formatters.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(abs(tenths % 10))"
    }
}
