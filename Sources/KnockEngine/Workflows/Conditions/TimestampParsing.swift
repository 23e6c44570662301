import KnockCore
import Foundation

/// Parses the timestamps conditions compare: ISO-8601 date-times and dates, plus the relative
/// forms Knock's editor offers (`"15 minutes ago"`, `"2 days from now"`, `"in 3 hours"`).
///
/// Written by hand because Foundation's ISO8601DateFormatter needs one configuration per variant
/// and is slow on Linux; conditions run per recipient.
///
/// ```swift
/// ConditionTimestamps.parse("2024-05-01T10:00:00Z")                 // Date
/// ConditionTimestamps.parse("2024-05-01")                           // midnight UTC
/// ConditionTimestamps.relative("15 minutes ago", now: now)          // now - 900 s
/// ```
public enum ConditionTimestamps {
    /// `YYYY-MM-DD`, or with `T`/space `HH:MM[:SS[.fraction]]` and `Z`/`±HH[:MM]`; no zone means UTC.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            i += n
            return v
        }
        func take(_ c: UInt8) -> Bool {
            if i < b.count, b[i] == c { i += 1; return true }
            return false
        }
        guard let y = digits(4), take(45), let mo = digits(2), take(45), let d = digits(2),
              (1...12).contains(mo), (1...CivilDate.daysIn(month: mo, year: y)).contains(d) else { return nil }
        var seconds = Double(CivilDate.days(year: y, month: mo, day: d)) * 86_400
        if i == b.count { return Date(timeIntervalSince1970: seconds) }
        guard take(84) || take(116) || take(32) else { return nil }  // T, t or space
        guard let h = digits(2), take(58), let mi = digits(2), h < 24, mi < 60 else { return nil }
        seconds += Double(h * 3600 + mi * 60)
        if take(58) {
            guard let s = digits(2), s < 61 else { return nil }
            seconds += Double(s)
            if take(46) || take(44) {
                let start = i
                var frac = 0.0, scale = 0.1
                while i < b.count, b[i] >= 48, b[i] <= 57 { frac += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
                guard i > start else { return nil }
                seconds += frac
            }
        }
        if i == b.count || take(90) || take(122) {  // no zone, Z or z
            return i == b.count ? Date(timeIntervalSince1970: seconds) : nil
        }
        let sign: Double
        if take(43) { sign = 1 } else if take(45) { sign = -1 } else { return nil }
        guard let oh = digits(2) else { return nil }
        _ = take(58)
        let om = i < b.count ? (digits(2) ?? -1) : 0
        guard om >= 0, om < 60, i == b.count else { return nil }
        return Date(timeIntervalSince1970: seconds - sign * Double(oh * 3600 + om * 60))
    }

    /// `N unit(s) ago`, `N unit(s) from now`, `in N unit(s)`; units seconds…weeks (and months as 30 days).
    public static func relative(_ text: String, now: Date) -> Date? {
        var words = text.lowercased().split(separator: " ").map(String.init)
        var sign = 0.0
        if words.first == "in" { sign = 1; words.removeFirst() }
        if words.last == "ago" { sign = -1; words.removeLast() }
        if words.suffix(2) == ["from", "now"] { sign = 1; words.removeLast(2) }
        guard sign != 0, words.count == 2, let n = Double(words[0]) else { return nil }
        var unit = words[1]
        if unit.hasSuffix("s") { unit.removeLast() }
        let size: Double
        switch unit {
        case "second": size = 1
        case "minute": size = 60
        case "hour": size = 3600
        case "day": size = 86_400
        case "week": size = 604_800
        case "month": size = 2_592_000
        default: return nil
        }
        return now.addingTimeInterval(sign * n * size)
    }

    /// The UTC calendar day of `date`, as days since 1970-01-01 (for the `_date` operators).
    public static func utcDay(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }
}
