/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), the one copy
/// used by timestamps, template date filters, condition parsing and the script clock.
///
/// Foundation's `Calendar` costs microseconds per call on Linux; this costs nanoseconds.
///
/// ```swift
/// CivilDate.days(year: 2024, month: 3, day: 1)   // 19783
/// CivilDate.civil(19783)                           // (2024, 3, 1)
/// CivilDate.weekday(19783)                         // 5 (Friday)
/// ```
public enum CivilDate {
    /// Days since 1970-01-01 for a year, month (1–12) and day (1–31).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9  // March-based, so leap day is last
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day of a day number.
    public static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 = Sunday … 6 = Saturday.
    public static func weekday(_ days: Int) -> Int {
        let w = (days + 4) % 7  // 1970-01-01 was a Thursday
        return w < 0 ? w + 7 : w
    }

    public static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// ISO-8601 week-numbering year and week of a day number.
    public static func isoWeek(_ days: Int) -> (year: Int, week: Int) {
        let isoWeekday = weekday(days) == 0 ? 7 : weekday(days)
        // The Thursday of this week decides the ISO year.
        let thursday = days - isoWeekday + 4
        let isoYear = civil(thursday).year
        let week = (thursday - self.days(year: isoYear, month: 1, day: 1)) / 7 + 1
        return (isoYear, week)
    }
}

extension CivilDate {
    /// Days in a month of a year (February knows leap years).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
