import Foundation
import KnockCore

/// `date` (standard Liquid, with Knock's extra time-zone argument) and Knock's date helpers:
/// `timezone`, `format_date_in_locale`, `format_datetime_in_locale`.
enum DateFilters {
    static let all: [LiquidFilter] = [
        // `date: format, zone?`. Input Liquid cannot read as a date is returned unchanged.
        LiquidFilter("date", 1...2) { input, args, env in
            if input.isNull { return .null }
            guard let format = try args.string(0, filter: "date"), !format.isEmpty else { return input }
            guard let parsed = LiquidDate.parse(input, now: env.options.now) else { return input }
            let zone = try zoneArgument(args[1], parsed, filter: "date")
            return .string(Strftime.format(parsed.date, format, zone: zone))
        },
        LiquidFilter("timezone", 1...1) { input, args, env in
            if input.isNull { return .null }
            guard let name = try args.string(0, filter: "timezone") else { return input }
            guard let parsed = LiquidDate.parse(input, now: env.options.now) else { return input }
            return .string(LiquidDate.iso8601(parsed.date, in: try LiquidDate.zone(named: name, filter: "timezone")))
        },
        LiquidFilter("format_date_in_locale", 1...2) { input, args, env in
            guard let parsed = LiquidDate.parse(input, now: env.options.now) else { return input }
            return .string(
                localized(
                    parsed, locale: try args.string(0, filter: "format_date_in_locale") ?? "en",
                    date: try style(args[1], filter: "format_date_in_locale"), time: .none))
        },
        LiquidFilter("format_datetime_in_locale", 1...3) { input, args, env in
            guard let parsed = LiquidDate.parse(input, now: env.options.now) else { return input }
            return .string(
                localized(
                    parsed, locale: try args.string(0, filter: "format_datetime_in_locale") ?? "en",
                    date: try style(args[1], filter: "format_datetime_in_locale"),
                    time: try style(args[2], filter: "format_datetime_in_locale")))
        },
    ]

    private static func localized(_ parsed: LiquidDate, locale: String, date: DateFormatter.Style, time: DateFormatter.Style)
        -> String
    {
        let zone = parsed.zone ?? LiquidDate.utc
        let key = "\(locale)|\(date.rawValue)|\(time.rawValue)|\(zone.identifier)"
        return FormatterCache<DateFormatter>.dates.with(
            key,
            make: {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: locale)
                formatter.timeZone = zone
                formatter.dateStyle = date
                formatter.timeStyle = time
                return formatter
            }
        ) { $0.string(from: parsed.date) }
    }

    private static func zoneArgument(_ value: JSON?, _ parsed: LiquidDate, filter: String) throws(LiquidFailure)
        -> TimeZone
    {
        if let name = value?.stringValue, !name.isEmpty { return try LiquidDate.zone(named: name, filter: filter) }
        return parsed.zone ?? LiquidDate.utc
    }

    /// Knock's `"short"` (default), `"medium"`, `"long"`, `"full"`.
    private static func style(_ value: JSON?, filter: String) throws(LiquidFailure) -> DateFormatter.Style {
        switch value?.stringValue ?? "short" {
        case "short": return .short
        case "medium": return .medium
        case "long": return .long
        case "full": return .full
        case let other: throw LiquidFailure("\(filter): unknown format '\(other)' (use short, medium, long or full)")
        }
    }
}
