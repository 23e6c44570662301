import Foundation

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
        var g = SystemRandomNumberGenerator()
        return make(at: date, using: &g)
    }

    public static func make<G: RandomNumberGenerator>(at date: Date, using g: inout G) -> String {
        let seconds = UInt32(clamping: max(0, Int64(date.timeIntervalSince1970 - epoch)))
        var bytes: [UInt8] = [UInt8(seconds >> 24), UInt8((seconds >> 16) & 0xFF), UInt8((seconds >> 8) & 0xFF), UInt8(seconds & 0xFF)]
        for _ in 0..<16 { bytes.append(UInt8.random(in: 0...255, using: &g)) }
        return encode(bytes)
    }

    /// Big-endian bytes → base62, left-padded with "0" to 27 characters (the KSUID encoding).
    static func encode(_ input: [UInt8]) -> String {
        var number = input
        var digits: [UInt8] = []
        while number.contains(where: { $0 != 0 }) {
            var remainder = 0
            var next: [UInt8] = []
            next.reserveCapacity(number.count)
            for byte in number {
                let acc = remainder * 256 + Int(byte)
                let q = acc / 62
                remainder = acc % 62
                if !next.isEmpty || q != 0 { next.append(UInt8(q)) }
            }
            digits.append(alphabet[remainder])
            number = next
        }
        while digits.count < 27 { digits.append(alphabet[0]) }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }
}
