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

    /// Every literal form of every configured secret, by its first `keyLength` bytes, longest
    /// first: a text is scanned once whatever the number of secrets (a run of 1,000 tests holds
    /// 2,000 environment keys, some 20,000 forms).
    private var needles: [UInt64: [[UInt8]]] = [:]
    /// Every form in `needles`, to skip duplicates without searching a bucket.
    private var forms: Set<[UInt8]> = []
    public private(set) var secrets: [String] = []
    private var known: Set<String> = []
    /// Forms shorter than this are not matched (they would redact ordinary words).
    static let keyLength = 6

    public init(secrets: [String] = []) {
        add(secrets)
    }

    /// A redactor that also hides these extra secrets.
    public func adding(_ more: [String]) -> Redactor {
        var copy = self
        copy.add(more)
        return copy
    }

    /// Adds secrets in place; only the new ones' forms are computed.
    public mutating func add(_ more: [String]) {
        for secret in more where known.insert(secret).inserted {
            secrets.append(secret)
            // Short strings would redact ordinary words; Knock keys and tokens are far longer.
            guard secret.count >= 8 else { continue }
            for form in Redactor.encodedForms(of: secret) where form.utf8.count >= Self.keyLength {
                let bytes = Array(form.utf8)
                guard forms.insert(bytes).inserted else { continue }
                // In place, longest first: every test key shares the `sk_tes` bucket, so copying
                // or re-sorting it per key made adding O(keys) (docs/benchmarks.md).
                needles[Self.key(bytes[...]), default: []].insertKeepingLongestFirst(bytes)
            }
        }
    }

    public func redact(_ text: String) -> String {
        var out = needles.isEmpty ? text : replaceNeedles(text)
        for pattern in Redactor.patterns {
            let range = NSRange(out.startIndex..., in: out)
            out = pattern.stringByReplacingMatches(in: out, range: range, withTemplate: Redactor.replacement)
        }
        return out
    }

    /// One pass over the text: at each byte, the longest form starting there; overlapping
    /// matches merge into one `[redacted]`, so no part of a secret is left between two.
    private func replaceNeedles(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= Self.keyLength else { return text }
        var out: [UInt8] = []
        var copied = 0          // bytes[..<copied] are in `out`
        var matchStart = -1, matchEnd = -1
        for i in 0...(bytes.count - Self.keyLength) {
            if matchEnd >= 0, i >= matchEnd {
                out += bytes[copied..<matchStart]
                out += Array(Redactor.replacement.utf8)
                copied = matchEnd
                matchStart = -1
                matchEnd = -1
            }
            guard let candidates = needles[Self.key(bytes[i..<(i + Self.keyLength)])] else { continue }
            for needle in candidates where i + needle.count <= bytes.count && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                if matchStart < 0 { matchStart = i }
                matchEnd = max(matchEnd, i + needle.count)
                break
            }
        }
        if matchStart >= 0 {
            out += bytes[copied..<matchStart]
            out += Array(Redactor.replacement.utf8)
            copied = matchEnd
        }
        if copied == 0 && out.isEmpty { return text }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    /// The first `keyLength` bytes packed into an integer.
    private static func key(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var key: UInt64 = 0
        for b in bytes.prefix(keyLength) { key = key << 8 | UInt64(b) }
        return key
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
        let everyByte = Self.percentEncodingEveryByte(secret)
        forms.insert(everyByte)
        forms.insert(everyByte.lowercased())
        for base64 in base64Cores(of: Array(secret.utf8)) {
            forms.insert(base64)
            forms.insert(base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))
        }
        return forms
    }

    /// `%73%6B...`: every byte escaped, upper-case hex.
    static func percentEncodingEveryByte(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            out.append(UInt8(ascii: "%"))
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
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

extension Array where Element == [UInt8] {
    /// Inserts before the first shorter element (found by bisection), so the list stays
    /// longest first.
    fileprivate mutating func insertKeepingLongestFirst(_ bytes: [UInt8]) {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid].count >= bytes.count { low = mid + 1 } else { high = mid }
        }
        insert(bytes, at: low)
    }
}
