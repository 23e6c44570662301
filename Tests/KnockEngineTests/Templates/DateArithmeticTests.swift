import Foundation
import KnockCore
import Testing

@testable import KnockEngine

@Suite("Date arithmetic behind the date filters")
struct DateArithmeticTests {
    /// Our calendar arithmetic agrees with Foundation's over four centuries of days.
    @Test func civilDatesMatchFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var iso = Calendar(identifier: .iso8601)
        iso.timeZone = TimeZone(identifier: "UTC")!
        for days in stride(from: -80_000, to: 80_000, by: 37) {
            let date = Date(timeIntervalSince1970: TimeInterval(days) * 86_400)
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let (y, m, d) = CivilDate.civil(days)
            #expect(y == c.year! && m == c.month! && d == c.day!)
            #expect(CivilDate.days(year: y, month: m, day: d) == days)
            #expect(CivilDate.weekday(days) == c.weekday! - 1)
            let w = iso.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            let ours = CivilDate.isoWeek(days)
            #expect(ours.year == w.yearForWeekOfYear! && ours.week == w.weekOfYear!)
        }
    }

    @Test(arguments: [
        ("2024-02-29", "2024-02-29 060 09"), ("2023-01-01", "2023-01-01 001 52"), ("2021-01-03", "2021-01-03 003 53"),
        ("1969-12-31T23:59:59Z", "1969-12-31 365 01"),
    ])
    func dayOfYearAndISOWeek(input: String, expected: String) throws {
        #expect(try render("{{ '\(input)' | date: '%F %j %V' }}") == expected)
    }

    @Test func invalidCalendarDatesAreNotDates() throws {
        #expect(try render("{{ '2023-02-29' | date: '%F' }}") == "2023-02-29")
        #expect(try render("{{ '2023-13-01' | date: '%F' }}") == "2023-13-01")
    }

    @Test func negativeEpochsFormat() throws {
        #expect(try render("{{ -1 | date: '%F %T' }}") == "1969-12-31 23:59:59")
    }
}
