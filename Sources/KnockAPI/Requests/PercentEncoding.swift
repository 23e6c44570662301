/// RFC 3986 percent-encoding, written out so path segments and query strings are encoded the
/// same way on every platform (Foundation's character sets differ between Darwin and Linux).
///
/// ```swift
/// PercentEncoding.encode("a b/c")   // "a%20b%2Fc"
/// PercentEncoding.decode("a%20b")   // "a b"
/// ```
public enum PercentEncoding {
    /// Encodes every byte outside the unreserved set `A-Z a-z 0-9 - . _ ~`, the way
    /// `encodeURIComponent` would, minus its `!'()*` leniency.
    public static func encode(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hex(byte >> 4) + hex(byte & 0xF)
            }
        }
        return out
    }

    /// Decodes `%XX` escapes; a malformed escape is kept as written. `+` stays `+` (only a
    /// form body means space by it).
    public static func decode(_ string: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count)
        let utf8 = Array(string.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count,
                let hi = hexValue(utf8[i + 1]), let lo = hexValue(utf8[i + 2])
            {
                bytes.append(hi << 4 | lo)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "~")
    }

    private static func hex(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? 0x30 + nibble : 0x41 + nibble - 10))
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}

extension PercentEncoding {
    /// Escapes what a path cannot hold (spaces, non-ASCII, `?`, `#`, ...) but keeps `/`,
    /// existing `%XX` escapes and the characters RFC 3986 allows in a segment.
    public static func encodePath(_ path: String) -> String {
        let allowed = Set("/%!$&'()*+,;=:@".utf8)
        var out = ""
        for byte in path.utf8 {
            if isUnreserved(byte) || allowed.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hex(byte >> 4) + hex(byte & 0xF)
            }
        }
        return out
    }
}
