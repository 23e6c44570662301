import KnockCore

/// A request for one page of a list: Knock's `after`, `before` and `page_size` (1–50, default 50).
///
/// ```swift
/// let request = try PageRequest(after: query["after"], before: nil, pageSize: "10")
/// let page = try engine.listUsers(env, page: request)
/// page.pageInfoJSON   // {"__typename":"PageInfo","after":"…","before":null,"page_size":10}
/// ```
public struct PageRequest: Sendable, Equatable {
    public static let defaultSize = 50
    public static let maxSize = 50

    public var after: Cursor?
    public var before: Cursor?
    public var pageSize: Int

    public init(after: Cursor? = nil, before: Cursor? = nil, pageSize: Int = PageRequest.defaultSize) {
        self.after = after
        self.before = before
        self.pageSize = pageSize
    }

    /// Validates the raw query values; a bad cursor or size is a 422 naming the parameter.
    public init(after: String?, before: String?, pageSize: String?) throws(EngineError) {
        self.init()
        if let pageSize, !pageSize.isEmpty {
            guard let n = Int(pageSize), n >= 1, n <= PageRequest.maxSize else {
                throw .invalid("page_size", "must be an integer between 1 and \(PageRequest.maxSize)")
            }
            self.pageSize = n
        }
        if let after, !after.isEmpty {
            guard let c = Cursor(encoded: after) else { throw .invalid("after", "is not a valid cursor") }
            self.after = c
        }
        if let before, !before.isEmpty {
            guard let c = Cursor(encoded: before) else { throw .invalid("before", "is not a valid cursor") }
            self.before = c
        }
    }
}

/// An opaque position in a list: base64 of the row's `seq`. Clients must not read it; we keep it
/// an integer so a page is one indexed range scan.
public struct Cursor: Sendable, Equatable {
    public let seq: Int64

    public init(seq: Int64) { self.seq = seq }

    public init?(encoded: String) {
        guard let bytes = Base64.decode(encoded), case let text = String(decoding: bytes, as: UTF8.self),
              text.hasPrefix("s:"), let n = Int64(text.dropFirst(2)) else { return nil }
        seq = n
    }

    public var encoded: String { Base64.encode(Array("s:\(seq)".utf8), urlSafe: false) }
}

/// One page of results and the cursors around it.
public struct Page<Entry: Sendable>: Sendable {
    public var entries: [Entry]
    /// Cursor for the next page, nil on the last page (SDKs stop on null).
    public var after: Cursor?
    /// Cursor for the previous page, nil on the first.
    public var before: Cursor?
    public var pageSize: Int

    public init(entries: [Entry], after: Cursor?, before: Cursor?, pageSize: Int) {
        self.entries = entries
        self.after = after
        self.before = before
        self.pageSize = pageSize
    }

    public func map<T>(_ transform: (Entry) throws -> T) rethrows -> Page<T> {
        Page<T>(entries: try entries.map(transform), after: after, before: before, pageSize: pageSize)
    }

    public var pageInfoJSON: JSON {
        [
            "__typename": "PageInfo",
            "after": after.map { .string($0.encoded) } ?? .null,
            "before": before.map { .string($0.encoded) } ?? .null,
            "page_size": .int(pageSize),
        ]
    }
}

extension Page where Entry == JSON {
    /// `{entries: [...], page_info: {...}}` (or `items` where the spec says so).
    public func listJSON(key: String = "entries") -> JSON {
        .object([key: .array(entries), "page_info": pageInfoJSON])
    }
}

