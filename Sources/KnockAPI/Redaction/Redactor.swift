import Foundation

/// Replaces Knock secrets with `[redacted]` in any text before it is printed, logged, reported
/// or kept in history.
///
/// ```swift
/// let redactor = Redactor(secrets: [apiKey, userToken])
/// redactor.redact("Authorization: Bearer sk_test_abc123def456")  // "Authorization: Bearer [redacted]"
/// ```
///
/// Two layers: patterns catch any `sk_…`/`pk_…` key and any JWT, even ones never configured
/// (a key pasted into a recipe); the configured secrets are also matched in the encoded forms
/// they take on the way out: percent-encoded in URLs, base64 in Basic auth headers or blobs.
public struct Redactor: Sendable {
    public static let replacement = "[redacted]"

    /// Every literal form of every configured secret, longest first so a longer form is not
    /// half-replaced by a shorter one.
    private let needles: [String]
    public let secrets: [String]

    public init(secrets: [String] = []) {
        self.secrets = secrets
        var forms = Set<String>()
        // Short strings would redact ordinary words; Knock keys and tokens are far longer.
        for secret in secrets where secret.count >= 8 {
            forms.formUnion(Redactor.encodedForms(of: secret))
        }
        needles = forms.filter { $0.count >= 6 }.sorted { $0.count > $1.count }
    }

    /// A redactor that also hides these extra secrets.
    public func adding(_ more: [String]) -> Redactor {
        Redactor(secrets: secrets + more)
    }

    public func redact(_ text: String) -> String {
        var out = text
        for needle in needles where out.contains(needle) {
            out = out.replacingOccurrences(of: needle, with: Redactor.replacement)
        }
        for pattern in Redactor.patterns {
            let range = NSRange(out.startIndex..., in: out)
            out = pattern.stringByReplacingMatches(in: out, range: range, withTemplate: Redactor.replacement)
        }
        return out
    }

    /// Any Knock key (`sk_`/`pk_` then at least 8 key characters, not inside a longer word such
    /// as `task_…`) and any JWT (three base64url parts, the first two JSON objects: `eyJ`).
    nonisolated(unsafe) private static let patterns: [NSRegularExpression] = [
        try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9])[sp]k_[A-Za-z0-9_\-]{8,}"#),
        try! NSRegularExpression(pattern: #"eyJ[A-Za-z0-9_\-]+\.eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*"#),
    ]

    /// The secret as written, percent-encoded (all escapes, upper and lower hex, and form
    /// encoding), and base64 at each of the three byte alignments it can have inside a longer
    /// base64 text (standard and URL-safe alphabets).
    static func encodedForms(of secret: String) -> Set<String> {
        var forms: Set<String> = [secret]
        let percent = PercentEncoding.encode(secret)
        forms.insert(percent)
        forms.insert(percent.replacingOccurrences(of: "%20", with: "+"))
        let everyByte = secret.utf8.map { String(format: "%%%02X", $0) }.joined()
        forms.insert(everyByte)
        forms.insert(everyByte.lowercased())
        for base64 in base64Cores(of: Array(secret.utf8)) {
            forms.insert(base64)
            forms.insert(base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))
        }
        return forms
    }

    /// Base64 output characters that depend only on the secret's bytes, for the secret starting
    /// at byte offset 0, 1 and 2 of a 3-byte group: whatever surrounds the secret in an encoded
    /// blob, one of these appears in it.
    static func base64Cores(of bytes: [UInt8]) -> [String] {
        (0..<3).compactMap { offset -> String? in
            let padded = [UInt8](repeating: 0, count: offset) + bytes
            let encoded = Array(Data(padded).base64EncodedString().utf8)
            // Output char i covers bits [6i, 6i+6); keep those inside the secret's bits.
            let first = (8 * offset + 5) / 6
            let last = (8 * (offset + bytes.count)) / 6  // exclusive
            guard last - first >= 4, last <= encoded.count else { return nil }
            return String(decoding: encoded[first..<last], as: UTF8.self)
        }
    }
}
