import Foundation
import KnockCore

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

/// Provider payloads carry `Date`s; they are written as Knock writes them (UTC, microseconds,
/// `Z`) by `KnockCore.Timestamp`, the one formatter in the project.
///
/// ```swift
/// ProviderTimestamp.string(Date(timeIntervalSince1970: 0))  // "1970-01-01T00:00:00.000000Z"
/// ```
public enum ProviderTimestamp {
    public static func string(_ date: Date) -> String {
        Timestamp(microseconds: Int64((date.timeIntervalSince1970 * 1_000_000).rounded())).iso8601
    }
}
