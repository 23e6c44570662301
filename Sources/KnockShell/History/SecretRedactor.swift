/// Hides secrets in text before it is stored or shown.
///
/// The shell redacts every history entry and `.last` header with one of these. `knocksh` can
/// pass KnockAPI's fuller redactor instead; this protocol is the whole contract.
///
/// ```swift
/// let r: any SecretRedacting = BasicSecretRedactor()
/// r.redact("--key sk_test_abcdef123456")    // "--key sk_test_[REDACTED]"
/// ```
public protocol SecretRedacting: Sendable {
    func redact(_ text: String) -> String
}

/// Any closure can redact, e.g. `ClosureRedactor { myRedactor.redact($0) }`.
public struct ClosureRedactor: SecretRedacting {
    private let body: @Sendable (String) -> String
    public init(_ body: @escaping @Sendable (String) -> String) { self.body = body }
    public func redact(_ text: String) -> String { body(text) }
}

/// A small redactor for the secrets a Knock shell sees: `sk_...`/`pk_...` keys, JWTs (user
/// tokens) and whatever follows `Bearer `.
///
/// It works on runs of token characters rather than regexes so the rules stay readable and a
/// key glued to punctuation (`"sk_test_x",`) is still found.
///
/// ```swift
/// BasicSecretRedactor().redact("token eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl")
/// // "token [REDACTED_JWT]"
/// ```
public struct BasicSecretRedactor: SecretRedacting {
    public static let marker = "[REDACTED]"
    /// Key bodies shorter than this are ordinary words like `sk_demo`.
    let minimumKeyBody = 8

    public init() {}

    public func redact(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var run = ""
        var afterBearer = false
        func flush() {
            guard !run.isEmpty else { return }
            let redacted = afterBearer ? Self.marker : redactToken(run)
            afterBearer = (run == "Bearer" || run == "bearer")
            out += redacted
            run = ""
        }
        for c in text {
            if Self.isTokenCharacter(c) {
                run.append(c)
            } else {
                let wasBearer = run == "Bearer" || run == "bearer"
                flush()
                // Only a single space keeps "Bearer" pending for the next token.
                afterBearer = wasBearer && c == " "
                out.append(c)
            }
        }
        flush()
        return out
    }

    static func isTokenCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-" || c == ".")
    }

    /// One run of token characters: a key keeps its `sk_test_` style prefix, a JWT goes whole.
    func redactToken(_ token: String) -> String {
        if token.hasPrefix("sk_") || token.hasPrefix("pk_") {
            // The key itself never contains '.', so a sentence's full stop survives.
            let key = token.prefix { $0 != "." }
            let rest = token.dropFirst(key.count)
            let parts = key.split(separator: "_", omittingEmptySubsequences: false)
            // sk_test_abc -> keep "sk_test_"; sk_abc -> keep "sk_".
            let keepCount = parts.count >= 3 && parts[1].count <= 8 ? 2 : 1
            let prefix = parts.prefix(keepCount).joined(separator: "_") + "_"
            let body = key.dropFirst(prefix.count)
            guard body.count >= minimumKeyBody else { return token }
            return prefix + Self.marker + rest
        }
        if Self.looksLikeJWT(token) { return "[REDACTED_JWT]" }
        return token
    }

    /// header.payload.signature, base64url, and the header is JSON (`{"` encodes to `eyJ`).
    static func looksLikeJWT(_ token: String) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].hasPrefix("eyJ") else { return false }
        return parts.allSatisfy { $0.count >= 4 }
    }
}
