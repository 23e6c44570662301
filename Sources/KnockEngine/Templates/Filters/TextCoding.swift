import KnockCore

/// HTML escaping and tag stripping, shared by filters and the markdown renderer.
enum HTML {
    /// Escapes `& < > " '` like Ruby's `CGI.escapeHTML`.
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: needsEscape) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        escape(s.utf8, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `escape` replaces this byte.
    static func needsEscape(_ b: UInt8) -> Bool {
        b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27
    }

    /// Appends UTF-8 text escaped as `escape(_:)` does.
    static func escape(_ bytes: some Sequence<UInt8>, into out: inout [UInt8]) {
        for b in bytes {
            switch b {
            case 0x26: out.append(literal: "&amp;")
            case 0x3C: out.append(literal: "&lt;")
            case 0x3E: out.append(literal: "&gt;")
            case 0x22: out.append(literal: "&quot;")
            case 0x27: out.append(literal: "&#39;")
            default: out.append(b)
            }
        }
    }

    /// Escapes, but leaves existing entities (`&amp;`, `&#39;`, `&#x27;`) alone.
    static func escapeOnce(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x26, let end = entityEnd(bytes, from: i) {
                out += bytes[i...end]
                i = end + 1
                continue
            }
            escape(bytes[i...i], into: &out)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The index of the `;` ending an entity that starts at byte `start` of UTF-8 text, if it is
    /// one (entities are ASCII: `&name;`, `&#123;`, `&#x1F;`).
    static func entityEnd(_ s: [UInt8], from start: Int) -> Int? {
        func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
        func isLetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
        var i = start + 1
        guard i < s.count else { return nil }
        if s[i] == UInt8(ascii: "#") {
            i += 1
            let hex = i < s.count && (s[i] == UInt8(ascii: "x") || s[i] == UInt8(ascii: "X"))
            if hex { i += 1 }
            let digitsStart = i
            while i < s.count, i - digitsStart < 8,
                isDigit(s[i]) || (hex && ((0x41...0x46).contains(s[i]) || (0x61...0x66).contains(s[i])))
            {
                i += 1
            }
            guard i > digitsStart, i < s.count, s[i] == UInt8(ascii: ";") else { return nil }
            return i
        }
        let nameStart = i
        while i < s.count, i - nameStart < 32, isLetter(s[i]) || isDigit(s[i]) {
            i += 1
        }
        guard i > nameStart, i < s.count, s[i] == UInt8(ascii: ";") else { return nil }
        return i
    }

    /// Removes tags, comments and the contents of `<script>`/`<style>` elements.
    static func stripTags(_ s: String) -> String {
        let b = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            guard b[i] == UInt8(ascii: "<") else {
                out.append(b[i])
                i += 1
                continue
            }
            if hasPrefix(b, i, "<!--") {
                i = find(b, "-->", from: i + 4).map { $0 + 3 } ?? b.count
            } else if hasPrefix(b, i, "<script") || hasPrefix(b, i, "<style") {
                let closing = hasPrefix(b, i, "<script") ? "</script>" : "</style>"
                i = find(b, closing, from: i).map { $0 + closing.utf8.count } ?? b.count
            } else if let end = b[(i + 1)...].firstIndex(of: UInt8(ascii: ">")) {
                i = end + 1
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hasPrefix(_ b: [UInt8], _ at: Int, _ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        guard at + p.count <= b.count else { return false }
        for (k, c) in p.enumerated() where lower(b[at + k]) != c { return false }
        return true
    }

    private static func find(_ b: [UInt8], _ needle: String, from: Int) -> Int? {
        var i = from
        let n = needle.utf8.count
        while i + n <= b.count {
            if hasPrefix(b, i, needle) { return i }
            i += 1
        }
        return nil
    }

    private static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }
}

/// `application/x-www-form-urlencoded` coding, as Liquid's `url_encode`/`url_decode` (Ruby `CGI`).
enum URLCoding {
    private static let hex = Array("0123456789ABCDEF".utf8)

    static func formEncode(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            if isUnreserved(b) {
                out.append(b)
            } else if b == 0x20 {
                out.append(UInt8(ascii: "+"))
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes everything outside RFC 3986's unreserved set (spaces become `%20`).
    static func percentEncode(_ s: String) -> String {
        var out: [UInt8] = []
        for b in s.utf8 {
            if isUnreserved(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func formDecode(_ s: String) -> String {
        let b = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b[i] == UInt8(ascii: "%"), i + 2 < b.count, let h = hexValue(b[i + 1]), let l = hexValue(b[i + 2]) {
                out.append(h << 4 | l)
                i += 2
            } else {
                out.append(b[i])
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || b == UInt8(ascii: "~")
            || b == UInt8(ascii: "*")
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

