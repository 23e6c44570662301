import KnockCore

/// A parsed query string that understands the encodings Knock's SDKs send (semantics §7.7):
/// `k[]=a&k[]=b` and repeated `k=a&k=b` for arrays, `k[a]=b` for objects, dotted names literal.
///
/// ```swift
/// let q = QueryString("include[]=preferences&page_size=10&recipient[id]=u1&recipient[collection]=c")
/// q["page_size"]              // "10"
/// q.array("include")          // ["preferences"]
/// q.object("recipient")       // ["id": "u1", "collection": "c"]
/// ```
public struct QueryString: Sendable {
    /// Every pair in order, names and values percent-decoded.
    public private(set) var pairs: [(name: String, value: String)] = []

    public init(_ raw: String?) {
        guard let raw, !raw.isEmpty else { return }
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = QueryString.decode(kv[0])
            let value = kv.count > 1 ? QueryString.decode(kv[1]) : ""
            pairs.append((name, value))
        }
    }

    /// The last plain value of `name` (a bracketed array's last element too).
    public subscript(name: String) -> String? {
        pairs.last { $0.name == name || $0.name == name + "[]" }?.value
    }

    /// Values of `name`, `name[]` and `name[0]`, `name[1]`, …, in order.
    public func array(_ name: String) -> [String] {
        pairs.compactMap { pair -> String? in
            if pair.name == name || pair.name == name + "[]" { return pair.value }
            if pair.name.hasPrefix(name + "["), pair.name.hasSuffix("]") {
                let inner = pair.name.dropFirst(name.count + 1).dropLast()
                if inner.allSatisfy(\.isNumber) { return pair.value }
            }
            return nil
        }
    }

    /// `name[key]=value` pairs as an object; or `name` holding a JSON object text.
    public func object(_ name: String) -> JSONObject? {
        var out = JSONObject()
        for pair in pairs where pair.name.hasPrefix(name + "[") && pair.name.hasSuffix("]") {
            let key = String(pair.name.dropFirst(name.count + 1).dropLast())
            if !key.isEmpty, !key.allSatisfy(\.isNumber) { out[key] = .string(pair.value) }
        }
        if !out.isEmpty { return out }
        if let text = self[name], case .object(let o)? = try? JSON.parse(text) { return o }
        return nil
    }

    /// Percent-decoding with `+` as space; invalid escapes are kept literally rather than rejected.
    static func decode(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var it = Array(s.utf8)[...]
        while let c = it.popFirst() {
            if c == UInt8(ascii: "+") {
                bytes.append(32)
            } else if c == UInt8(ascii: "%"), it.count >= 2, let h = hex(it[it.startIndex]), let l = hex(it[it.startIndex + 1]) {
                bytes.append(h << 4 | l)
                it = it.dropFirst(2)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }
}
