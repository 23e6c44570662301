import Foundation
import KnockCore

/// Knock-style message, activity and event ids: 27-character base62 KSUIDs (4 bytes of seconds
/// since 2014-05-13, 16 random bytes), so ids sort by creation time as Knock's do (§4.1).
///
/// ```swift
/// let id = KSUID.make(at: clock.now)   // "2w3YUpTTOxuDvZFji8OMsKrG176"-like
/// id.count                             // 27
/// ```
public enum KSUID {
    static let epoch: TimeInterval = 1_400_000_000
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    public static func make(at date: Date) -> String {
        var g = IDRandom()
        return make(at: date, using: &g)
    }

    public static func make<G: RandomNumberGenerator>(at date: Date, using g: inout G) -> String {
        let seconds = UInt32(clamping: max(0, Int64(date.timeIntervalSince1970 - epoch)))
        // Two 64-bit draws for the 16 random bytes: one getrandom call each, not one per byte
        // (ids are made several times per message, so this was most of a fan-out's CPU time).
        let high = g.next(), low = g.next()
        return encode(limbs: (seconds, UInt32(truncatingIfNeeded: high >> 32), UInt32(truncatingIfNeeded: high),
                              UInt32(truncatingIfNeeded: low >> 32), UInt32(truncatingIfNeeded: low)))
    }

    /// Big-endian bytes → base62, left-padded with "0" to 27 characters (the KSUID encoding).
    static func encode(_ input: [UInt8]) -> String {
        precondition(input.count == 20, "a KSUID is 20 bytes")
        func limb(_ i: Int) -> UInt32 {
            UInt32(input[i]) << 24 | UInt32(input[i + 1]) << 16 | UInt32(input[i + 2]) << 8 | UInt32(input[i + 3])
        }
        return encode(limbs: (limb(0), limb(4), limb(8), limb(12), limb(16)))
    }

    /// The 160 bits as five big-endian 32-bit limbs → 27 base62 digits. Long division by 62 on
    /// the stack, written straight into the string's storage (ids are made ~7 times per message;
    /// the array-based version allocated three buffers each time).
    static func encode(limbs l: (UInt32, UInt32, UInt32, UInt32, UInt32)) -> String {
        var a = (l.0, l.1, l.2, l.3, l.4)
        return String(unsafeUninitializedCapacity: 27) { out in
            withUnsafeMutableBytes(of: &a) { raw in
                let w = raw.bindMemory(to: UInt32.self)
                var start = 0
                while start < 5, w[start] == 0 { start += 1 }
                var i = 26
                while start < 5, i >= 0 {
                    var remainder: UInt64 = 0
                    for k in start..<5 {
                        let acc = remainder << 32 | UInt64(w[k])
                        w[k] = UInt32(acc / 62)
                        remainder = acc % 62
                    }
                    out[i] = alphabet[Int(remainder)]
                    i -= 1
                    while start < 5, w[start] == 0 { start += 1 }
                }
                while i >= 0 { out[i] = alphabet[0]; i -= 1 }
            }
            return 27
        }
    }
}

/// Random bits for ids without a system call per id: SplitMix64 seeded once from the system
/// generator (ids need to be unique and unguessable enough for a local engine, not secret).
struct IDRandom: RandomNumberGenerator {
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var value: UInt64
        init() {
            var g = SystemRandomNumberGenerator()
            value = g.next()
        }
    }
    private static let state = State()

    mutating func next() -> UInt64 {
        let s = Self.state
        let x = s.lock.withLock { () -> UInt64 in
            s.value &+= 0x9E37_79B9_7F4A_7C15
            return s.value
        }
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Time-ordered (version 7) UUIDs from `IDRandom`, as lowercase text: 48 bits of Unix
/// milliseconds, then 74 random bits. A trigger makes one per workflow run and one per recipient
/// run, and four indexes are keyed by them: ids that grow with time are added at the end of each
/// index, where random (version 4) ids touched a random page each, which under load spilled
/// SQLite's page cache. Foundation's `UUID()` would also open /dev/urandom for each id.
enum RunID {
    static func make() -> String { make(milliseconds: UInt64(Timestamp.now().microseconds / 1_000)) }

    static func make(milliseconds: UInt64) -> String {
        var g = IDRandom()
        let high = (milliseconds << 16) | 0x7000 | (g.next() & 0x0FFF)        // version 7, rand_a
        let low = (g.next() & ~(0xC000 << 48)) | (0x8000 << 48)           // RFC 9562 variant, rand_b
        return text(high: high, low: low)
    }

    /// The 128 bits as 8-4-4-4-12 lowercase hex digits.
    static func text(high: UInt64, low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 36) { out in
            var i = 0
            func put(_ word: UInt64, nibbles range: Range<Int>) {
                for n in range {
                    out[i] = hexDigits[Int(truncatingIfNeeded: word >> UInt64(60 - 4 * n)) & 0xF]
                    i += 1
                }
            }
            func dash() { out[i] = UInt8(ascii: "-"); i += 1 }
            put(high, nibbles: 0..<8); dash(); put(high, nibbles: 8..<12); dash(); put(high, nibbles: 12..<16); dash()
            put(low, nibbles: 0..<4); dash(); put(low, nibbles: 4..<16)
            return i
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
