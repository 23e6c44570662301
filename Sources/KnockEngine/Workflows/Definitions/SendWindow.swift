import KnockCore

/// One weekday entry of a channel step's `send_windows` (`{day, type, from?, until?}`).
///
/// ```swift
/// let w = SendWindow(day: .monday, type: .send, from: TimeOfDay(hour: 9), until: TimeOfDay(hour: 17))
/// ```
public struct SendWindow: Sendable, Hashable {
    public enum Day: String, Sendable, Hashable, CaseIterable {
        case monday, tuesday, wednesday, thursday, friday, saturday, sunday
    }
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case send
        case doNotSend = "do_not_send"
    }

    public var day: Day
    public var type: Kind
    /// Start of the window; nil means start of day.
    public var from: TimeOfDay?
    /// End of the window; nil means end of day.
    public var until: TimeOfDay?

    public init(day: Day, type: Kind, from: TimeOfDay? = nil, until: TimeOfDay? = nil) {
        self.day = day
        self.type = type
        self.from = from
        self.until = until
    }
}

/// A wall-clock time `HH:MM[:SS]` in the recipient's timezone.
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(hour: Int, minute: Int = 0, second: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Parses `HH:MM` or `HH:MM:SS`; nil when malformed or out of range.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        let h = parts[0]!, m = parts[1]!, s = parts.count == 3 ? parts[2]! : 0
        guard (0...23).contains(h), (0...59).contains(m), (0...59).contains(s) else { return nil }
        self.init(hour: h, minute: m, second: s)
    }

    public var secondsIntoDay: Int { hour * 3600 + minute * 60 + second }
    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.secondsIntoDay < b.secondsIntoDay }
    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(hour)):\(two(minute)):\(two(second))"
    }
}

extension SendWindow {
    init(reader r: FieldReader) throws {
        self.day = try r.requiredEnum("day", Day.self)
        self.type = try r.requiredEnum("type", Kind.self)
        self.from = try Self.time(r, "from")
        self.until = try Self.time(r, "until")
    }

    private static func time(_ r: FieldReader, _ key: String) throws -> TimeOfDay? {
        guard let s = try r.optionalString(key) else { return nil }
        guard let t = TimeOfDay(s) else { throw DefinitionError(field: r.field(key), message: "expected a time HH:MM or HH:MM:SS, got \"\(s)\"") }
        return t
    }
}
