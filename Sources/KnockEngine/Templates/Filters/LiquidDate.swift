import Foundation
import KnockCore

/// A moment read from a template value, with the UTC offset it was written in (if any).
struct LiquidDate {
    var date: Date
    /// The zone the source text named by offset (`-05:00`); nil for `Z`, epochs and bare dates.
    var zone: TimeZone?

    /// Reads `"now"`, `"today"`, epoch seconds (number or numeric string) and ISO-8601-style
    /// text (`2024-01-02`, `2024-01-02 10:00`, `2024-01-02T10:00:00.5Z`, `...+01:00`).
    /// Text without an offset is UTC, as in Knock. Returns nil for anything else.
    static func parse(_ value: JSON, now: Date) -> LiquidDate? {
        switch value {
        case .int(let i) where abs(i) <= maxEpoch:
            return LiquidDate(date: Date(timeIntervalSince1970: TimeInterval(i)), zone: nil)
        case .double(let d) where d.isFinite && abs(d) <= Double(maxEpoch):
            return LiquidDate(date: Date(timeIntervalSince1970: d), zone: nil)
        case .string(let raw):
            let s = raw.trimmingWhitespace()
            switch s.lowercased() {
            case "now", "today": return LiquidDate(date: now, zone: nil)
            default: break
            }
            if let i = Int(s) {
                guard abs(i) <= maxEpoch else { return nil }
                return LiquidDate(date: Date(timeIntervalSince1970: TimeInterval(i)), zone: nil)
            }
            return parseISO(Array(s.utf8))
        default:
            return nil
        }
    }

    private static func parseISO(_ b: [UInt8]) -> LiquidDate? {
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= b.count else { return nil }
            var n = 0
            for k in 0..<digits {
                let c = b[i + k]
                guard ExpressionLexer.isDigit(c) else { return nil }
                n = n * 10 + Int(c - 0x30)
            }
            i += digits
            return n
        }
        func accept(_ c: Character) -> Bool {
            if i < b.count && b[i] == c.asciiValue! {
                i += 1
                return true
            }
            return false
        }
        guard let year = number(4), accept("-"), let month = number(2), accept("-"), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0.0
        var offset: Int? = nil
        if accept("T") || accept("t") || accept(" ") {
            guard let h = number(2), accept(":"), let m = number(2), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            if accept(":") {
                guard let s = number(2), s < 61 else { return nil }
                second = s
                if accept(".") || accept(",") {
                    var scale = 0.1
                    while i < b.count, ExpressionLexer.isDigit(b[i]) {
                        fraction += Double(b[i] - 0x30) * scale
                        scale /= 10
                        i += 1
                    }
                }
            }
            _ = accept(" ")
            if accept("Z") || accept("z") {
                offset = 0
            } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = number(2) else { return nil }
                _ = accept(":")
                let om = number(2) ?? 0
                offset = sign * (oh * 3600 + om * 60)
            } else if b.count - i == 3, String(decoding: b[i...], as: UTF8.self).uppercased() == "UTC" {
                i = b.count
                offset = 0
            }
        }
        guard i == b.count else { return nil }
        guard day <= daysInMonth(year, month) else { return nil }
        let seconds = CivilDate.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        let base = Date(timeIntervalSince1970: TimeInterval(seconds))
        let date = base.addingTimeInterval(fraction - TimeInterval(offset ?? 0))
        let zone = offset.flatMap { $0 == 0 ? nil : TimeZone(secondsFromGMT: $0) }
        return LiquidDate(date: date, zone: zone)
    }

    private static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Epoch seconds beyond about ±300,000 years are not dates (and would overflow `Int` maths).
    static let maxEpoch = 10_000_000_000_000

    /// Built once: looking a zone up by name goes through ICU.
    static let utc = TimeZone(identifier: "UTC")!

    /// An IANA zone by name, failing as a template error when unknown.
    static func zone(named name: String, filter: String) throws(LiquidFailure) -> TimeZone {
        guard let zone = TimeZone(identifier: name) else { throw LiquidFailure("\(filter): unknown time zone '\(name)'") }
        return zone
    }

    /// ISO-8601 in `zone` with its offset (`2023-12-31T19:30:00-05:00`), as Knock's `timezone`
    /// filter answers; microseconds appear only when present.
    static func iso8601(_ date: Date, in zone: TimeZone) -> String {
        var text = Strftime.format(date, "%Y-%m-%dT%H:%M:%S", zone: zone)
        let micros = Int((date.timeIntervalSince1970 * 1_000_000).rounded()) % 1_000_000
        if micros != 0 {
            let m = micros < 0 ? micros + 1_000_000 : micros
            let digits = String(m)
            text += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        let seconds = zone.secondsFromGMT(for: date)
        if seconds == 0 { return text + "Z" }
        return text + Strftime.offset(seconds, colon: true)
    }
}
