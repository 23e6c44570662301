import Foundation

/// Parses the IMF-fixdate form of `Retry-After` (`Wed, 21 Oct 2015 07:28:00 GMT`).
enum HTTPDate {
    /// Seconds since 1970, or nil when the text is not an HTTP date.
    static func parse(_ text: String) -> Double? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)?.timeIntervalSince1970
    }
}
