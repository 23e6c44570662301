import Foundation
import KnockCore

/// A window rule read from a delay, batch or throttle `*_field_path` (§1.5):
/// `{frequency: hourly|daily|weekly|monthly, days?, hours?, minutes?, day_of_month?}`. It names
/// the next wall-clock moment that matches, in the recipient's time zone.
///
/// ```swift
/// let rule = WindowRule(json: ["frequency": "daily", "hours": 9])!
/// rule.next(after: now, in: TimeZone(identifier: "Europe/Paris")!)   // tomorrow (or today) 09:00 Paris time
/// ```
struct WindowRule: Sendable, Hashable {
    enum Frequency: String, Sendable { case hourly, daily, weekly, monthly }

    var frequency: Frequency
    /// Allowed weekdays as Foundation numbers them (1 = Sunday … 7 = Saturday); nil = every day.
    var days: Set<Int>?
    var hour: Int
    var minute: Int
    var dayOfMonth: Int

    /// Nil when the object is not a valid rule (the step is then skipped, as for any invalid value).
    init?(json: JSON) {
        guard case .object(let o) = json, let f = o["frequency"]?.stringValue.flatMap(Frequency.init(rawValue:)) else { return nil }
        frequency = f
        // An absent field takes its default; a present one out of range makes the rule invalid.
        func int(_ key: String, _ range: ClosedRange<Int>, _ fallback: Int) -> Int? {
            guard let v = o[key], !v.isNull else { return fallback }
            guard let n = v.intValue, range.contains(n) else { return nil }
            return n
        }
        guard let h = int("hours", 0...23, 0), let m = int("minutes", 0...59, 0), let d = int("day_of_month", 1...31, 1) else { return nil }
        hour = h
        minute = m
        dayOfMonth = d
        switch o["days"] {
        case nil, .null?: days = frequency == .weekly ? [2] : nil   // weekly without days: Mondays [I]
        case .string("weekdays")?: days = [2, 3, 4, 5, 6]
        case .string("weekends")?: days = [1, 7]
        case .array(let items)?:
            var set = Set<Int>()
            for item in items {
                guard let n = item.stringValue.flatMap(Self.weekday) else { return nil }
                set.insert(n)
            }
            guard !set.isEmpty else { return nil }
            days = set
        default: return nil
        }
    }

    /// `mon`/`monday` … `sun`/`sunday` → 2 … 1.
    static func weekday(_ name: String) -> Int? {
        let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        guard let i = names.firstIndex(of: String(name.lowercased().prefix(3))) else { return nil }
        return i + 1
    }

    /// The first matching moment strictly after `now`; nil when none within a year and a bit.
    func next(after now: Date, in zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.dateComponents([.year, .month, .day, .hour], from: now)
        switch frequency {
        case .hourly:
            // Candidates at `minute` past each hour from the current one on, on allowed days.
            guard var hour = calendar.date(from: DateComponents(year: today.year, month: today.month, day: today.day, hour: today.hour)) else { return nil }
            for _ in 0..<(24 * 8) {
                if let t = calendar.date(byAdding: .minute, value: minute, to: hour), t > now, allowed(t, calendar) { return t }
                guard let n = calendar.date(byAdding: .hour, value: 1, to: hour) else { return nil }
                hour = n
            }
            return nil
        case .daily, .weekly:
            guard var day = calendar.date(from: DateComponents(year: today.year, month: today.month, day: today.day)) else { return nil }
            for _ in 0..<8 {
                let c = calendar.dateComponents([.year, .month, .day], from: day)
                if let t = calendar.date(from: DateComponents(year: c.year, month: c.month, day: c.day, hour: hour, minute: minute)),
                   t > now, allowed(t, calendar) { return t }
                guard let n = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
                day = n
            }
            return nil
        case .monthly:
            // Months without that day (the 31st in April) are passed over [I].
            for offset in 0..<14 {
                guard let first = calendar.date(from: DateComponents(year: today.year, month: today.month, day: 1)),
                      let month = calendar.date(byAdding: .month, value: offset, to: first) else { return nil }
                let c = calendar.dateComponents([.year, .month], from: month)
                guard let t = calendar.date(from: DateComponents(year: c.year, month: c.month, day: dayOfMonth, hour: hour, minute: minute)),
                      calendar.component(.day, from: t) == dayOfMonth else { continue }
                if t > now { return t }
            }
            return nil
        }
    }

    private func allowed(_ t: Date, _ calendar: Calendar) -> Bool {
        guard let days else { return true }
        return days.contains(calendar.component(.weekday, from: t))
    }
}

extension WorkflowRuntime {
    /// The recipient's `timezone` when it names a known zone, else the environment's default
    /// timezone (Knock's account default, UTC unless set) (§1.4, §1.5).
    func recipientTimeZone(_ run: RecipientRun) -> TimeZone {
        TimeZone.named(recipientScope(run)["timezone"]) ?? directory.defaultTimeZone
    }
}
