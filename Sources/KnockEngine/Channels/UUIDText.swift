import Foundation

/// The engine's UUIDs to and from text, by hand: Foundation's `UUID(uuidString:)` and
/// `uuidString` go through `sscanf` and `snprintf`, and channel ids are written into every
/// message, outbox entry and preference check and read back from every stored message.
///
/// ```swift
/// UUIDText.parse("5B0F3F52-8C3E-4F7E-9D0A-6B1C2D3E4F50")   // a UUID (either case)
/// UUIDText.lowercased(id)                                  // "5b0f3f52-8c3e-4f7e-9d0a-6b1c2d3e4f50"
/// ```
enum UUIDText {
    /// `8-4-4-4-12` hex digits, either case.
    static func parse(_ text: String) -> UUID? {
        guard text.utf8.count == 36 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 16)
        var nibbles = 0
        for (i, c) in text.utf8.enumerated() {
            if isDash(i) {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let digit = URLCoding.hexValue(c) else { return nil }
            bytes[nibbles / 2] |= nibbles % 2 == 0 ? digit << 4 : digit
            nibbles += 1
        }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// The `8-4-4-4-12` form in lowercase hex, as Knock writes ids.
    static func lowercased(_ id: UUID) -> String {
        let digits: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: id.uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                digits.withUTF8Buffer { hex in
                    var o = 0
                    for byte in raw {
                        if isDash(o) {
                            out[o] = UInt8(ascii: "-")
                            o += 1
                        }
                        out[o] = hex[Int(byte >> 4)]
                        out[o + 1] = hex[Int(byte & 0x0F)]
                        o += 2
                    }
                    return o
                }
            }
        }
    }

    private static func isDash(_ i: Int) -> Bool { i == 8 || i == 13 || i == 18 || i == 23 }
}
