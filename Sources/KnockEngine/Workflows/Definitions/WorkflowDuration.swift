import Foundation
import KnockCore

/// A Knock `Duration` (`{"unit": "hours", "value": 1}`) as used by delays, batch windows and throttles.
///
/// Units: the mAPI enum lists `minutes…months`; the docs and the CLI scaffold also use `seconds`,
/// so both are accepted. Negative values are kept (relative delays before a timestamp).
///
/// ```swift
/// let d = WorkflowDuration(unit: .minutes, value: 10)
/// d.seconds                                  // 600
/// d.added(to: Date(timeIntervalSince1970: 0)) // 1970-01-01T00:10:00Z
/// ```
public struct WorkflowDuration: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case seconds, minutes, hours, days, weeks, months
    }

    public var unit: Unit
    public var value: Int

    public init(unit: Unit, value: Int) {
        self.unit = unit
        self.value = value
    }

    /// Fixed-length seconds; months count as 30 days here. Use `added(to:)` for calendar months.
    public var seconds: Int {
        switch unit {
        case .seconds: return value
        case .minutes: return value * 60
        case .hours: return value * 3_600
        case .days: return value * 86_400
        case .weeks: return value * 604_800
        case .months: return value * 2_592_000
        }
    }

    /// `date` moved by this duration; months move by calendar months in UTC (Jan 31 + 1 month = Feb 28/29).
    public func added(to date: Date) -> Date {
        guard unit == .months else { return date.addingTimeInterval(TimeInterval(seconds)) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(byAdding: .month, value: value, to: date) ?? date.addingTimeInterval(TimeInterval(seconds))
    }

    public var json: JSON { ["unit": .string(unit.rawValue), "value": .int(value)] }

    public var description: String { "\(value) \(unit.rawValue)" }

    /// Decodes `{unit, value}` from an object.
    public init(json: JSON, field: String = "") throws {
        let r = try FieldReader(value: json, path: field)
        self.unit = try r.requiredEnum("unit", Unit.self)
        guard let v = try r.optionalInt("value") else { throw r.missing("value") }
        self.value = v
    }
}

extension FieldReader {
    func optionalDuration(_ key: String) throws -> WorkflowDuration? {
        guard let v = value(key) else { return nil }
        return try WorkflowDuration(json: v, field: field(key))
    }
}
