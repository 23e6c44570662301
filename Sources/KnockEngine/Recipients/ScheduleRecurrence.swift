import Foundation
import KnockCore

/// When a recurring schedule fires next (semantics §6.2): the earliest occurrence over its
/// `repeats` rules, evaluated in the recipient's timezone.
///
/// Each rule counts its `interval` from the schedule's anchor (`scheduled_at`, else when it was
/// created), so `weekly` with `interval: 2` is every other week from the anchor's week.
/// Defaults where a rule leaves a field out [I]: `hours`/`minutes` 0 (hourly: minute 0),
/// weekly `days` = the anchor's weekday, monthly `day_of_month` = the anchor's day; a
/// `day_of_month` past the month's end means its last day.
///
/// ```swift
/// let r = ScheduleRecurrence(rules: [["frequency": "daily", "hours": 9]], anchor: created, timeZone: .gmt)
/// r.next(after: now, notBefore: nil, endingAt: nil)   // the next 09:00 UTC after now
/// ```
struct ScheduleRecurrence {
    enum Frequency: String { case hourly, daily, weekly, monthly }

    struct Rule {
        var frequency: Frequency
        var interval: Int
        /// Calendar weekdays (1 = Sunday … 7 = Saturday); nil = no filter.
        var weekdays: Set<Int>?
        var hours: Int?
        var minutes: Int?
        var dayOfMonth: Int?

        init?(_ json: JSON) {
            guard let f = json["frequency"]?.stringValue.flatMap(Frequency.init(rawValue:)) else { return nil }
            frequency = f
            interval = max(1, json["interval"]?.intValue ?? 1)
            hours = json["hours"]?.intValue
            minutes = json["minutes"]?.intValue
            dayOfMonth = json["day_of_month"]?.intValue
            if let days = json["days"]?.arrayValue {
                var set = Set<Int>()
                for d in days.compactMap(\.stringValue) { set.formUnion(Self.weekdays[d] ?? []) }
                weekdays = set
            }
        }

        static let weekdays: [String: [Int]] = [
            "sun": [1], "mon": [2], "tue": [3], "wed": [4], "thu": [5], "fri": [6], "sat": [7],
            "weekdays": [2, 3, 4, 5, 6], "weekends": [1, 7],
        ]
    }

    let rules: [Rule]
    let anchor: Date
    let calendar: Calendar
    /// A search bound, so a rule that can never match (weekly, days filtered to nothing) ends.
    static let maxSteps = 2_000

    init(rules: [JSON], anchor: Date, timeZone: TimeZone) {
        self.rules = rules.compactMap(Rule.init)
        self.anchor = anchor
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        cal.firstWeekday = 2  // weeks start on Monday for `interval` counting
        calendar = cal
    }

    /// The recipient's timezone (`timezone` property, an IANA name), else the environment's
    /// default (`fallback`, UTC unless set).
    static func timeZone(of recipientDoc: JSONObject?, fallback: TimeZone = .knockDefault) -> TimeZone {
        let name = recipientDoc?["timezone"]?.stringValue ?? recipientDoc?["properties"]?["timezone"]?.stringValue
        return name.flatMap(TimeZone.init(identifier:)) ?? fallback
    }

    /// The first occurrence strictly after `after`, at or after `notBefore`, at or before `endingAt`.
    func next(after: Date, notBefore: Date?, endingAt: Date?) -> Date? {
        // "Strictly after" as one bound: a notBefore instant itself may fire.
        let lower = notBefore.map { max(after, $0.addingTimeInterval(-0.000_001)) } ?? after
        let best = rules.compactMap { next($0, after: lower) }.min()
        if let best, let endingAt, best > endingAt { return nil }
        return best
    }

    private func next(_ rule: Rule, after lower: Date) -> Date? {
        switch rule.frequency {
        case .monthly: return nextMonthly(rule, after: lower)
        case .hourly, .daily, .weekly: return nextByDay(rule, after: lower)
        }
    }

    private func nextMonthly(_ rule: Rule, after lower: Date) -> Date? {
        let a = calendar.dateComponents([.year, .month, .day], from: anchor)
        let l = calendar.dateComponents([.year, .month], from: lower)
        let anchorIndex = a.year! * 12 + a.month! - 1
        var index = l.year! * 12 + l.month! - 1
        index += Self.mod(anchorIndex - index, rule.interval)
        for _ in 0..<Self.maxSteps {
            let year = index / 12, month = index % 12 + 1
            let first = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
            let length = calendar.range(of: .day, in: .month, for: first)?.count ?? 28
            let day = min(rule.dayOfMonth ?? a.day!, length)
            if let candidate = time(rule, on: DateComponents(year: year, month: month, day: day)), candidate > lower { return candidate }
            index += rule.interval
        }
        return nil
    }

    /// Walks days from `lower`'s day; daily and weekly jump over days their interval skips.
    private func nextByDay(_ rule: Rule, after lower: Date) -> Date? {
        let anchorDay = calendar.startOfDay(for: anchor)
        let anchorWeekday = calendar.component(.weekday, from: anchor)
        var day = calendar.startOfDay(for: lower)
        for _ in 0..<Self.maxSteps {
            let dayIndex = days(from: anchorDay, to: day)
            switch rule.frequency {
            case .daily:
                let skip = Self.mod(-dayIndex, rule.interval)
                if skip > 0 { day = add(days: skip, to: day); continue }
            case .weekly:
                let weekIndex = Self.floorDiv(days(from: weekStart(anchorDay), to: weekStart(day)), 7)
                if Self.mod(weekIndex, rule.interval) != 0 {
                    day = add(days: 7 * Self.mod(-weekIndex, rule.interval), to: weekStart(day))
                    continue
                }
            case .hourly, .monthly: break
            }
            let weekdays = rule.weekdays ?? (rule.frequency == .weekly ? [anchorWeekday] : nil)
            if weekdays?.contains(calendar.component(.weekday, from: day)) ?? true {
                let c = calendar.dateComponents([.year, .month, .day], from: day)
                if rule.frequency == .hourly {
                    if let t = nextHour(rule, on: c, after: lower) { return t }
                } else if let t = time(rule, on: c), t > lower {
                    return t
                }
            }
            day = add(days: rule.frequency == .daily ? rule.interval : 1, to: day)
        }
        return nil
    }

    /// Hourly slots of a day at the rule's minute; the interval counts whole hours from the anchor's hour.
    private func nextHour(_ rule: Rule, on day: DateComponents, after lower: Date) -> Date? {
        let anchorHour = calendar.dateInterval(of: .hour, for: anchor)?.start ?? anchor
        for hour in 0..<24 {
            var c = day
            c.hour = hour
            c.minute = rule.minutes ?? 0
            guard let t = calendar.date(from: c), t > lower,
                  calendar.component(.hour, from: t) == hour else { continue }  // skip DST-gap duplicates
            let hours = Int((t.timeIntervalSince(anchorHour) / 3600).rounded(.down))
            if Self.mod(hours, rule.interval) == 0 { return t }
        }
        return nil
    }

    private func time(_ rule: Rule, on day: DateComponents) -> Date? {
        var c = day
        c.hour = rule.hours ?? 0
        c.minute = rule.minutes ?? 0
        return calendar.date(from: c)
    }

    private func days(from a: Date, to b: Date) -> Int { calendar.dateComponents([.day], from: a, to: b).day ?? 0 }
    private func add(days n: Int, to d: Date) -> Date { calendar.startOfDay(for: calendar.date(byAdding: .day, value: n, to: d) ?? d) }
    private func weekStart(_ d: Date) -> Date { calendar.dateInterval(of: .weekOfYear, for: d)?.start ?? d }

    static func mod(_ a: Int, _ n: Int) -> Int { ((a % n) + n) % n }
    static func floorDiv(_ a: Int, _ n: Int) -> Int { a >= 0 ? a / n : -((-a + n - 1) / n) }
}
