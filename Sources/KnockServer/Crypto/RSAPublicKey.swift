import KnockCore

/// An RSA public key read from PEM (SubjectPublicKeyInfo `BEGIN PUBLIC KEY`, PKCS#1
/// `BEGIN RSA PUBLIC KEY`, or either base64-encoded again as Knock's dashboard shows it), able to
/// verify RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signatures. Verification only: no secrets are
/// handled, so a small self-contained implementation beats adding BoringSSL to every build.
///
/// ```swift
/// let key = try RSAPublicKey(pem: pemText)
/// key.verifyRS256(signature: sig, message: Array("header.payload".utf8))   // true or false
/// ```
struct RSAPublicKey {
    let modulus: [UInt8]
    let exponent: [UInt8]

    struct InvalidKey: Error {}

    init(pem: String) throws {
        var text = pem.trimmingCharacters(in: " ")
        if !text.hasPrefix("-----"), let decoded = Base64URL.decode(text.filter { !$0.isWhitespace }) {
            text = String(decoding: decoded, as: UTF8.self)
        }
        let body = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Base64URL.decode(body.filter { !$0.isWhitespace }) else { throw InvalidKey() }
        var reader = DER(der[...])
        var outer = try reader.read(tag: 0x30)
        if outer.peekTag == 0x30 {
            // SubjectPublicKeyInfo: algorithm, then the PKCS#1 key inside a BIT STRING.
            _ = try outer.read(tag: 0x30)
            var bits = try outer.read(tag: 0x03)
            guard bits.bytes.first == 0 else { throw InvalidKey() }
            bits.bytes = bits.bytes.dropFirst()
            outer = try bits.read(tag: 0x30)
        }
        modulus = Array(try outer.read(tag: 0x02).bytes.drop { $0 == 0 })
        exponent = Array(try outer.read(tag: 0x02).bytes.drop { $0 == 0 })
        guard modulus.count >= 128, !exponent.isEmpty else { throw InvalidKey() }
    }

    func verifyRS256(signature: [UInt8], message: [UInt8]) -> Bool {
        let k = modulus.count
        guard signature.count == k else { return false }
        let n = BigUInt(bytes: modulus)
        let s = BigUInt(bytes: signature)
        guard s < n else { return false }
        let em = s.power(BigUInt(bytes: exponent), modulus: n).bytes(count: k)
        // EMSA-PKCS1-v1_5: 00 01 FF..FF 00 DigestInfo(SHA-256) hash
        let digestInfo: [UInt8] = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]
        let t = digestInfo + Hashing.sha256(message)
        guard k >= t.count + 11 else { return false }
        let expected = [0x00, 0x01] + [UInt8](repeating: 0xff, count: k - t.count - 3) + [0x00] + t
        return em == expected
    }
}

/// A minimal DER reader for the two key layouts above.
struct DER {
    var bytes: ArraySlice<UInt8>
    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    var peekTag: UInt8? { bytes.first }

    mutating func read(tag: UInt8) throws -> DER {
        guard bytes.count >= 2, bytes.first == tag else { throw RSAPublicKey.InvalidKey() }
        var i = bytes.startIndex + 1
        var length = Int(bytes[i]); i += 1
        if length & 0x80 != 0 {
            let n = length & 0x7f
            guard n >= 1, n <= 4, bytes.endIndex - i >= n else { throw RSAPublicKey.InvalidKey() }
            length = 0
            for _ in 0..<n { length = length << 8 | Int(bytes[i]); i += 1 }
        }
        guard bytes.endIndex - i >= length else { throw RSAPublicKey.InvalidKey() }
        let content = bytes[i..<(i + length)]
        bytes = bytes[(i + length)...]
        return DER(content)
    }
}

/// Just enough unsigned big-integer arithmetic for modular exponentiation: 32-bit limbs, little
/// endian, schoolbook multiply and bitwise reduction (public exponents are small).
struct BigUInt: Comparable {
    var limbs: [UInt32]

    init(limbs: [UInt32]) {
        var l = limbs
        while l.count > 1, l.last == 0 { l.removeLast() }
        self.limbs = l.isEmpty ? [0] : l
    }

    init(bytes: [UInt8]) {
        var l: [UInt32] = []
        var i = bytes.count
        while i > 0 {
            var v: UInt32 = 0
            for j in max(0, i - 4)..<i { v = v << 8 | UInt32(bytes[j]) }
            l.append(v)
            i -= 4
        }
        self.init(limbs: l)
    }

    func bytes(count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        for (i, limb) in limbs.enumerated() {
            for b in 0..<4 {
                let pos = count - 1 - (i * 4 + b)
                if pos >= 0 { out[pos] = UInt8(truncatingIfNeeded: limb >> (8 * UInt32(b))) }
            }
        }
        return out
    }

    var bitWidth: Int { (limbs.count - 1) * 32 + (32 - limbs.last!.leadingZeroBitCount) }
    func bit(_ i: Int) -> Bool { limbs[i / 32] >> UInt32(i % 32) & 1 == 1 }

    static func < (a: BigUInt, b: BigUInt) -> Bool {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count }
        for i in (0..<a.limbs.count).reversed() where a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] }
        return false
    }

    static func * (a: BigUInt, b: BigUInt) -> BigUInt {
        var out = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count)
        for (i, x) in a.limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, y) in b.limbs.enumerated() {
                let t = UInt64(x) * UInt64(y) + UInt64(out[i + j]) + carry
                out[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            out[i + b.limbs.count] = UInt32(carry)
        }
        return BigUInt(limbs: out)
    }

    /// `self mod m` by shift-and-subtract, one bit at a time.
    func mod(_ m: BigUInt) -> BigUInt {
        if self < m { return self }
        var r = [UInt32](repeating: 0, count: m.limbs.count + 1)
        for i in (0..<bitWidth).reversed() {
            var carry: UInt32 = bit(i) ? 1 : 0
            for j in 0..<r.count {
                let next = r[j] >> 31
                r[j] = r[j] << 1 | carry
                carry = next
            }
            if !(BigUInt(limbs: r) < m) {
                var borrow: Int64 = 0
                for j in 0..<r.count {
                    let mj = j < m.limbs.count ? Int64(m.limbs[j]) : 0
                    var d = Int64(r[j]) - mj - borrow
                    borrow = d < 0 ? 1 : 0
                    if d < 0 { d += 1 << 32 }
                    r[j] = UInt32(d)
                }
            }
        }
        return BigUInt(limbs: r)
    }

    func power(_ e: BigUInt, modulus m: BigUInt) -> BigUInt {
        var result = BigUInt(limbs: [1])
        for i in (0..<e.bitWidth).reversed() {
            result = (result * result).mod(m)
            if e.bit(i) { result = (result * self).mod(m) }
        }
        return result
    }
}
