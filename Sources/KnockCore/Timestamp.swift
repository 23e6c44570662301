#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An instant in UTC with microsecond precision, written the way Knock writes `inserted_at` and
/// `updated_at`: ISO 8601, six fractional digits, `Z`.
///
/// Microseconds as an `Int64` keep ordering, arithmetic (the virtual clock) and formatting exact and
/// cheap; Foundation's formatters are both slower and lossy at this precision.
///
/// ```swift
/// let t = Timestamp(microseconds: 1_700_000_000_123_456)
/// t.iso8601                                        // "2023-11-14T22:13:20.123456Z"
/// Timestamp(iso8601: "2023-11-14T22:13:20Z")       // parses with or without fraction/offset
/// Timestamp.now().advanced(bySeconds: 60)
/// ```
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    /// The wall clock.
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(microseconds: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1_000)
    }

    public func advanced(bySeconds seconds: Double) -> Timestamp {
        Timestamp(microseconds: microseconds + Int64((seconds * 1_000_000).rounded()))
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microseconds < b.microseconds }

    public var description: String { iso8601 }

    /// `2023-11-27T22:08:30.816897Z`.
    public var iso8601: String {
        var secs = microseconds / 1_000_000
        var micros = microseconds % 1_000_000
        if micros < 0 { micros += 1_000_000; secs -= 1 }
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = Timestamp.civil(fromDays: days)
        // Digits written in place: every message, event and run log formats several of these,
        // and an array per field was ~3% of a fan-out's CPU.
        return String(unsafeUninitializedCapacity: 27) { out in
            var i = 0
            func put(_ v: Int64, _ width: Int) {
                var v = v
                for k in stride(from: i + width - 1, through: i, by: -1) { out[k] = UInt8(48 + v % 10); v /= 10 }
                i += width
            }
            func mark(_ c: UInt8) { out[i] = c; i += 1 }
            put(y, 4); mark(45); put(m, 2); mark(45); put(d, 2); mark(84)
            put(rem / 3600, 2); mark(58); put(rem / 60 % 60, 2); mark(58); put(rem % 60, 2)
            mark(46); put(micros, 6); mark(90)
            return i
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, also with a space for `T` and a bare date.
    /// Returns nil for anything else, so callers can answer 422 with the field name.
    public init?(iso8601 text: String) {
        let b = Array(text.utf8)
        var i = 0
        func num(_ n: Int) -> Int64? {
            guard i + n <= b.count else { return nil }
            var v: Int64 = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool { if i < b.count, b[i] == c { i += 1; return true }; return false }
        guard let y = num(4), expect(45), let mo = num(2), expect(45), let d = num(2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var h: Int64 = 0, mi: Int64 = 0, s: Int64 = 0, frac: Int64 = 0, offset: Int64 = 0
        if i < b.count {
            guard b[i] == 84 || b[i] == 116 || b[i] == 32 else { return nil }
            i += 1
            guard let hh = num(2), expect(58), let mm = num(2), hh < 24, mm < 60 else { return nil }
            h = hh; mi = mm
            if expect(58) { guard let ss = num(2), ss < 61 else { return nil }; s = ss }
            if expect(46) || expect(44) {
                var digits = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    if digits < 6 { frac = frac * 10 + Int64(b[i] - 48) }
                    digits += 1; i += 1
                }
                guard digits > 0 else { return nil }
                for _ in min(digits, 6)..<6 { frac *= 10 }
            }
            if expect(90) || expect(122) {
            } else if i < b.count, b[i] == 43 || b[i] == 45 {
                let sign: Int64 = b[i] == 45 ? -1 : 1
                i += 1
                guard let oh = num(2) else { return nil }
                _ = expect(58)
                let om = num(2) ?? 0
                offset = sign * (oh * 3600 + om * 60)
            } else if i < b.count {
                return nil
            }
            guard i == b.count else { return nil }
        }
        let days = Timestamp.days(fromCivil: y, mo, d)
        let secs = days * 86_400 + h * 3600 + mi * 60 + s - offset
        self.microseconds = secs * 1_000_000 + frac
    }

    static func days(fromCivil y: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        Int64(CivilDate.days(year: Int(y), month: Int(m), day: Int(d)))
    }

    static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let c = CivilDate.civil(Int(z))
        return (Int64(c.year), Int64(c.month), Int64(c.day))
    }
}
