import Foundation

/// Ids and provider reference numbers derived from a seed, so two runs with the same inputs
/// produce byte-identical delivery logs (tests and recipes can compare them).
///
/// Every value is a hash of the seed string (for providers: `"<message id>/<what>/<attempt>/<n>"`),
/// never a random number.
///
/// ```swift
/// DeterministicID.base62("msg_1/log/1/0")   // 27 chars, KSUID-like, the same every run
/// DeterministicID.hex("msg_1/twilio", length: 32)
/// DeterministicID.uuid("msg_1/postmark")     // name-based UUID
/// ```
public enum DeterministicID {
    /// Namespace for provider-side UUIDs (fixed, so they cannot collide with channel ids).
    static let namespace = UUID(uuidString: "0f7d2c1e-4b5a-4e6f-9a8b-7c6d5e4f3a2b")!

    /// At least `count` pseudo-random bytes: SHA-1 of the seed, chained with a counter.
    public static func bytes(_ seed: String, count: Int) -> [UInt8] {
        var out: [UInt8] = []
        var block = 0
        while out.count < count {
            out += SHA1.digest(Array("\(seed)#\(block)".utf8))
            block += 1
        }
        return Array(out.prefix(count))
    }

    private static let base62Alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// A base62 string of `length` characters (Knock's ids are 27-character base62).
    public static func base62(_ seed: String, length: Int = 27) -> String {
        String(bytes(seed, count: length).map { base62Alphabet[Int($0) % 62] })
    }

    /// Lower-case hex digits (Twilio SIDs, Slack team ids and the like).
    public static func hex(_ seed: String, length: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes(seed, count: length).map { digits[Int($0) % 16] })
    }

    /// Decimal digits (FCM message numbers, Slack timestamps' fraction).
    public static func digits(_ seed: String, length: Int) -> String {
        String(bytes(seed, count: length).map { Character(String(Int($0) % 10)) })
    }

    /// A name-based UUID of the seed (Postmark MessageID, APNs apns-id, ...).
    public static func uuid(_ seed: String) -> UUID {
        NameBasedUUID.make(namespace: namespace, name: seed)
    }
}

/// Timestamps as Knock writes them: UTC, microseconds, `Z` (`2024-05-01T10:00:00.000000Z`).
///
/// Written by hand so output never depends on the host's locale or Foundation version.
///
/// ```swift
/// ProviderTimestamp.string(Date(timeIntervalSince1970: 0))  // "1970-01-01T00:00:00.000000Z"
/// ```
public enum ProviderTimestamp {
    public static func string(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 { fraction += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        func pad(_ v: Int64, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2)).\(pad(fraction, 6))Z"
    }

    /// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
