import Foundation
import KnockCore

/// Where the runtime keeps messages and what hangs off them: contents, delivery logs, events,
/// activities and the admin outbox. A protocol so the runtime works on `InMemoryMessageStore`
/// (engine unit tests) and on the engine's SQLite tables (`SQLiteMessageStore`) alike.
///
/// Lists are newest first and paged by keyset cursors over each message's insertion sequence.
///
/// ```swift
/// let store = InMemoryMessageStore()
/// store.insert(message, contents: contents, logs: logs, events: events)
/// store.message(id: message.id)?.status                         // .delivered
/// store.messages(MessageQuery(), page: PageRequest()).entries   // newest first
/// ```
public protocol MessageStore: AnyObject, Sendable {
    func insert(_ message: MessageRecord, contents: JSON?, logs: [JSON], events: [MessageEventRecord])
    /// Replaces the message (status, engagement, metadata changes) and appends logs and events.
    func update(_ message: MessageRecord, logs: [JSON], events: [MessageEventRecord])
    func message(id: String) -> MessageRecord?
    /// One page of the messages matching `query`, newest first, with each one's cursor.
    func messages(_ query: MessageQuery, page: PageRequest) -> Page<StoredMessage>
    /// Every message matching `query`, newest first (bulk updates).
    func allMessages(_ query: MessageQuery) -> [MessageRecord]
    /// How many messages match `query`, and how many of them are unread and unseen (feed badges).
    func engagementCounts(_ query: MessageQuery) -> EngagementCounts
    /// Removes messages and everything hanging off them (bulk `delete`).
    func delete(messageIDs: [String])
    func contents(messageID: String) -> JSON?
    func deliveryLogs(messageID: String) -> [JSON]
    func events(messageID: String) -> [MessageEventRecord]
    func addActivity(_ activity: ActivityRecord)
    func activity(id: String) -> ActivityRecord?
    /// The `MessageContents` of each of these messages that has them, by message id (a feed
    /// page reads its 50 in one go).
    func contents(messageIDs: [String]) -> [String: JSON]
    /// The activities with these ids that exist, by id.
    func activities(ids: [String]) -> [String: ActivityRecord]
    /// Outbox entries are kept per message and replaced on each retry.
    func upsertOutbox(_ entry: OutboxEntry)
    func outbox() -> [OutboxEntry]
    /// Runs `body` (one runtime job) with the store's writes grouped into as few transactions as
    /// it can; reads inside still see them. `inBackground`: the last commit may still be under way
    /// when this returns (`StoreWriteBuffer.batching`). The in-memory store just runs `body`.
    func batchingWrites<T>(inBackground: Bool, _ body: () throws -> T) rethrows -> T
}

extension MessageStore {
    public func batchingWrites<T>(inBackground: Bool, _ body: () throws -> T) rethrows -> T { try body() }
    public func batchingWrites<T>(_ body: () throws -> T) rethrows -> T { try batchingWrites(inBackground: false, body) }

    public func contents(messageIDs: [String]) -> [String: JSON] {
        var out: [String: JSON] = [:]
        for id in messageIDs { out[id] = contents(messageID: id) }
        return out
    }

    public func activities(ids: [String]) -> [String: ActivityRecord] {
        var out: [String: ActivityRecord] = [:]
        for id in ids { out[id] = activity(id: id) }
        return out
    }
}

/// A feed's badge counts over a set of messages.
public struct EngagementCounts: Sendable, Equatable {
    public var total: Int
    public var unread: Int
    public var unseen: Int

    public init(total: Int, unread: Int, unseen: Int) {
        self.total = total
        self.unread = unread
        self.unseen = unseen
    }

    init(_ messages: [MessageRecord]) {
        self.init(total: messages.count, unread: messages.filter { $0.engagement["read"] == nil }.count,
                  unseen: messages.filter { $0.engagement["seen"] == nil }.count)
    }
}

/// A message with its position in the store (for cursors such as a feed item's `__cursor`).
public struct StoredMessage: Sendable {
    public var seq: Int64
    public var record: MessageRecord
}

/// A thread-safe in-memory `MessageStore`.
public final class InMemoryMessageStore: MessageStore, @unchecked Sendable {
    private let lock = NSLock()
    private var order: [String] = []
    private var seqByID: [String: Int64] = [:]
    private var nextSeq: Int64 = 1
    private var messages: [String: MessageRecord] = [:]
    private var contentsByID: [String: JSON] = [:]
    private var logsByID: [String: [JSON]] = [:]
    private var eventsByID: [String: [MessageEventRecord]] = [:]
    private var activities: [String: ActivityRecord] = [:]
    private var outboxOrder: [String] = []
    private var outboxByID: [String: OutboxEntry] = [:]

    public init() {}

    public func insert(_ message: MessageRecord, contents: JSON?, logs: [JSON], events: [MessageEventRecord]) {
        lock.withLock {
            if messages[message.id] == nil {
                order.append(message.id)
                seqByID[message.id] = nextSeq
                nextSeq += 1
            }
            messages[message.id] = message
            if let contents { contentsByID[message.id] = contents }
            logsByID[message.id, default: []] += logs
            eventsByID[message.id, default: []] += events
        }
    }

    public func update(_ message: MessageRecord, logs: [JSON], events: [MessageEventRecord]) {
        lock.withLock {
            guard messages[message.id] != nil else { return }
            messages[message.id] = message
            logsByID[message.id, default: []] += logs
            eventsByID[message.id, default: []] += events
        }
    }

    public func message(id: String) -> MessageRecord? { lock.withLock { messages[id] } }

    /// Every message, oldest first.
    public func allMessages() -> [MessageRecord] { lock.withLock { order.compactMap { messages[$0] } } }

    public func allMessages(_ query: MessageQuery) -> [MessageRecord] {
        lock.withLock { order.reversed().compactMap { messages[$0] }.filter(query.matches) }
    }

    public func engagementCounts(_ query: MessageQuery) -> EngagementCounts { EngagementCounts(allMessages(query)) }

    public func messages(_ query: MessageQuery, page: PageRequest) -> Page<StoredMessage> {
        let all: [StoredMessage] = lock.withLock {
            order.reversed().compactMap { id in
                guard let m = messages[id], query.matches(m) else { return nil }
                return StoredMessage(seq: seqByID[id] ?? 0, record: m)
            }
        }
        return KeysetSlice.newestFirst(all, seq: \.seq, request: page)
    }

    public func delete(messageIDs: [String]) {
        lock.withLock {
            let gone = Set(messageIDs)
            order.removeAll { gone.contains($0) }
            for id in gone {
                messages[id] = nil; seqByID[id] = nil; contentsByID[id] = nil; logsByID[id] = nil; eventsByID[id] = nil
                outboxByID[id] = nil
            }
            outboxOrder.removeAll { gone.contains($0) }
        }
    }

    public func contents(messageID: String) -> JSON? { lock.withLock { contentsByID[messageID] } }
    public func deliveryLogs(messageID: String) -> [JSON] { lock.withLock { logsByID[messageID] ?? [] } }
    public func events(messageID: String) -> [MessageEventRecord] { lock.withLock { eventsByID[messageID] ?? [] } }
    public func addActivity(_ activity: ActivityRecord) { lock.withLock { activities[activity.id] = activity } }
    public func activity(id: String) -> ActivityRecord? { lock.withLock { activities[id] } }

    public func upsertOutbox(_ entry: OutboxEntry) {
        lock.withLock {
            if outboxByID[entry.messageID] == nil { outboxOrder.append(entry.messageID) }
            outboxByID[entry.messageID] = entry
        }
    }

    public func outbox() -> [OutboxEntry] { lock.withLock { outboxOrder.compactMap { outboxByID[$0] } } }
}

/// Cursor paging over a list already in display order (newest first, `seq` descending): `after`
/// continues past a seq, `before` returns the page ending just before one.
enum KeysetSlice {
    static func newestFirst<T>(_ items: [T], seq: (T) -> Int64, request: PageRequest) -> Page<T> {
        let size = request.pageSize
        var lower = 0, upper = items.count
        if let after = request.after {
            lower = items.firstIndex { seq($0) < after.seq } ?? items.count
            upper = min(items.count, lower + size)
        } else if let before = request.before {
            upper = items.firstIndex { seq($0) <= before.seq } ?? items.count
            lower = max(0, upper - size)
        } else {
            upper = min(items.count, size)
        }
        let slice = Array(items[lower..<upper])
        let after = upper < items.count ? slice.last.map { Cursor(seq: seq($0)) } : nil
        let before = lower > 0 ? slice.first.map { Cursor(seq: seq($0)) } : nil
        return Page(entries: slice, after: after, before: before, pageSize: size)
    }
}
