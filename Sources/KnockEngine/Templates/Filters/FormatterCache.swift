import Foundation

/// Reuses configured `NumberFormatter`s and `DateFormatter`s across renders.
///
/// Building one costs far more than a whole template render (ICU loads locale data), and
/// Foundation formatters are not `Sendable`, so each lives in a locked cache and is used only
/// while holding the lock.
final class FormatterCache<Formatter: AnyObject>: @unchecked Sendable {
    private let lock = NSLock()
    private var formatters: [String: Formatter] = [:]
    private let limit = 256

    /// Runs `body` with the formatter for `key`, creating it with `make` the first time.
    func with<T>(_ key: String, make: () -> Formatter, _ body: (Formatter) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        if let formatter = formatters[key] { return try body(formatter) }
        let formatter = make()
        // Keys come from template arguments, so bound the cache rather than trust them.
        if formatters.count >= limit { formatters.removeAll(keepingCapacity: true) }
        formatters[key] = formatter
        return try body(formatter)
    }

    static var numbers: FormatterCache<NumberFormatter> { numberCache }
    static var dates: FormatterCache<DateFormatter> { dateCache }
}

private let numberCache = FormatterCache<NumberFormatter>()
private let dateCache = FormatterCache<DateFormatter>()
