/// A span of time with millisecond precision, written `250ms`, `5s`, `2m`, `1h`, `1d` or
/// combined (`1m30s`).
///
/// Named `KnockDuration` so it never shadows the standard library's `Duration`.
///
/// ```swift
/// KnockDuration(parsing: "1m30s")?.milliseconds   // 90_000
/// KnockDuration(milliseconds: 250).description     // "250ms"
/// KnockDuration.seconds(5).seconds                 // 5.0
/// ```
public struct KnockDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int

    public init(milliseconds: Int) { self.milliseconds = milliseconds }

    public static func seconds(_ s: Int) -> KnockDuration { KnockDuration(milliseconds: s * 1000) }

    public var seconds: Double { Double(milliseconds) / 1000 }

    /// Milliseconds per unit suffix, longest suffix first so `ms` wins over `m`.
    public static let units: [(suffix: String, milliseconds: Int)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Parses `250ms`, `5s`, `1m30s`; nil for anything else (no sign, no spaces, no fractions).
    public init?(parsing text: String) {
        var total = 0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, let n = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = Self.units.first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            let (product, o1) = n.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, o2) = total.addingReportingOverflow(product)
            if o1 || o2 { return nil }
            total = sum
        }
        milliseconds = total
    }

    /// The canonical spelling: largest units first, zero parts left out (`90s` prints `1m30s`).
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds.magnitude
        var out = milliseconds < 0 ? "-" : ""
        for (suffix, ms) in Self.units.reversed() {
            let m = UInt(ms)
            if rest >= m {
                out += "\(rest / m)\(suffix)"
                rest %= m
            }
        }
        return out
    }

    public static func < (a: KnockDuration, b: KnockDuration) -> Bool { a.milliseconds < b.milliseconds }
}
