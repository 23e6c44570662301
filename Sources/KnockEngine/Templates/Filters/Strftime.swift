import KnockCore
import Foundation

/// Ruby-compatible `strftime`, for Liquid's `date` filter.
///
/// Supports the flags `-` (no padding), `_` (space padding), `0` (zero padding), `^` (upper case),
/// `#` (swap case), a width, and the conversions
/// `a A b B h c C d D e F g G H I j k l L m M n N p P r R s S t T u U V w W x X y Y z :z Z %`.
/// Names are English, as in Liquid.
enum Strftime {
    private static let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The fields a format needs, computed once per call.
    private struct Fields {
        let date: Date
        let zone: TimeZone
        let year, month, day, hour, minute, second, weekday, dayOfYear, nanosecond: Int
        let isoYear, isoWeek: Int
    }

    static func format(_ date: Date, _ format: String, zone: TimeZone) -> String {
        let t = date.timeIntervalSince1970
        let whole = t.rounded(.down)
        let local = Int(whole) + zone.secondsFromGMT(for: date)
        let days = CivilDate.floorDivide(local, 86_400)
        let secondOfDay = local - days * 86_400
        let (year, month, day) = CivilDate.civil(days)
        let iso = CivilDate.isoWeek(days)
        let f = Fields(
            date: date, zone: zone, year: year, month: month, day: day, hour: secondOfDay / 3600,
            minute: secondOfDay % 3600 / 60, second: secondOfDay % 60, weekday: CivilDate.weekday(days),
            dayOfYear: days - CivilDate.days(year: year, month: 1, day: 1) + 1,
            nanosecond: Int(((t - whole) * 1_000_000_000).rounded()), isoYear: iso.year, isoWeek: iso.week)
        return render(Array(format.unicodeScalars), f)
    }

    private static func render(_ s: [Unicode.Scalar], _ f: Fields) -> String {
        var out = ""
        var i = 0
        while i < s.count {
            guard s[i] == "%", i + 1 < s.count else {
                out.unicodeScalars.append(s[i])
                i += 1
                continue
            }
            let start = i
            i += 1
            var padding: Character? = nil  // nil: the conversion's default
            var noPadding = false
            var upper = false
            var swapCase = false
            var colons = 0
            while i < s.count {
                switch s[i] {
                case "-": noPadding = true
                case "_": padding = " "
                case "0": padding = "0"
                case "^": upper = true
                case "#": swapCase = true
                case ":": colons += 1
                default: break
                }
                if "-_0^#:".unicodeScalars.contains(s[i]) { i += 1 } else { break }
            }
            var width: Int? = nil
            while i < s.count, ("0"..."9").contains(s[i]) {
                width = min(1_000, (width ?? 0) * 10 + Int(s[i].value - 48))  // bounded: widths come from templates
                i += 1
            }
            if i < s.count, s[i] == "E" || s[i] == "O" { i += 1 }  // locale modifiers: ignored
            guard i < s.count, var text = conversion(s[i], f, colons: colons) else {
                // Unknown conversion: print it literally, as Ruby does.
                out.unicodeScalars.append(contentsOf: s[start..<min(i + 1, s.count)])
                i += 1
                continue
            }
            let (defaultWidth, defaultPad) = defaults(s[i])
            if !noPadding, let pad = padding ?? defaultPad {
                let w = width ?? defaultWidth
                var body = text
                var sign = ""
                if pad == "0", body.hasPrefix("-") || body.hasPrefix("+") {
                    sign = String(body.removeFirst())
                }
                if body.count + sign.count < w { body = String(repeating: pad, count: w - body.count - sign.count) + body }
                text = sign + body
            } else if !noPadding, let w = width, text.count < w {
                text = String(repeating: " ", count: w - text.count) + text
            }
            if upper { text = text.uppercased() }
            if swapCase { text = text == text.uppercased() ? text.lowercased() : text.uppercased() }
            out += text
            i += 1
        }
        return out
    }

    /// Default width and padding character for numeric conversions.
    private static func defaults(_ c: Unicode.Scalar) -> (Int, Character?) {
        switch c {
        case "d", "H", "I", "m", "M", "S", "y", "U", "W", "V", "g", "C": return (2, "0")
        case "e", "k", "l": return (2, " ")
        case "j", "L": return (3, "0")
        case "N": return (9, "0")
        case "Y", "G": return (4, "0")
        default: return (0, nil)
        }
    }

    private static func conversion(_ c: Unicode.Scalar, _ f: Fields, colons: Int) -> String? {
        let hour12 = f.hour % 12 == 0 ? 12 : f.hour % 12
        switch c {
        case "a": return String(days[f.weekday].prefix(3))
        case "A": return days[f.weekday]
        case "b", "h": return String(months[f.month - 1].prefix(3))
        case "B": return months[f.month - 1]
        case "c": return render(Array("%a %b %e %H:%M:%S %Y".unicodeScalars), f)
        case "C": return String(f.year / 100)
        case "d", "e": return String(f.day)
        case "D", "x": return render(Array("%m/%d/%y".unicodeScalars), f)
        case "F": return render(Array("%Y-%m-%d".unicodeScalars), f)
        case "g": return String(f.isoYear % 100)
        case "G": return String(f.isoYear)
        case "H", "k": return String(f.hour)
        case "I", "l": return String(hour12)
        case "j": return String(f.dayOfYear)
        case "L": return String(f.nanosecond / 1_000_000)
        case "m": return String(f.month)
        case "M": return String(f.minute)
        case "n": return "\n"
        case "N": return String(f.nanosecond)
        case "p": return f.hour < 12 ? "AM" : "PM"
        case "P": return f.hour < 12 ? "am" : "pm"
        case "r": return render(Array("%I:%M:%S %p".unicodeScalars), f)
        case "R": return render(Array("%H:%M".unicodeScalars), f)
        case "s": return String(Int(f.date.timeIntervalSince1970.rounded(.down)))
        case "S": return String(f.second)
        case "t": return "\t"
        case "T", "X": return render(Array("%H:%M:%S".unicodeScalars), f)
        case "u": return String(f.weekday == 0 ? 7 : f.weekday)
        case "U": return String((f.dayOfYear - 1 + 7 - f.weekday) / 7)
        case "V": return String(f.isoWeek)
        case "w": return String(f.weekday)
        case "W": return String((f.dayOfYear - 1 + 7 - ((f.weekday + 6) % 7)) / 7)
        case "y": return String(f.year % 100)
        case "Y": return String(f.year)
        case "z": return offset(f.zone.secondsFromGMT(for: f.date), colon: colons > 0)
        case "Z": return abbreviation(f.zone, f.date)
        case "%": return "%"
        default: return nil
        }
    }

    /// `+hhmm` or `+hh:mm`.
    static func offset(_ seconds: Int, colon: Bool) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let total = abs(seconds) / 60
        let h = total / 60
        let m = total % 60
        let hh = h < 10 ? "0\(h)" : "\(h)"
        let mm = m < 10 ? "0\(m)" : "\(m)"
        return sign + hh + (colon ? ":" : "") + mm
    }

    /// `EST`, `CET`, ...; UTC prints as `UTC`, and zones without a common abbreviation as their
    /// offset. Linux Foundation answers `GMT-5` from `abbreviation(for:)`, so the localized short
    /// names (US, then British English) are consulted too.
    static func abbreviation(_ zone: TimeZone, _ date: Date) -> String {
        if ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Z"].contains(zone.identifier) { return "UTC" }
        func usable(_ name: String?) -> String? {
            guard let name, !name.isEmpty, !name.hasPrefix("GMT"), !name.hasPrefix("UTC") else { return nil }
            return name
        }
        if let name = usable(zone.abbreviation(for: date)) { return name }
        let style: NSTimeZone.NameStyle = zone.isDaylightSavingTime(for: date) ? .shortDaylightSaving : .shortStandard
        for locale in ["en_US", "en_GB"] {
            if let name = usable(zone.localizedName(for: style, locale: Locale(identifier: locale))) { return name }
        }
        return offset(zone.secondsFromGMT(for: date), colon: true)
    }
}
