import Foundation
import KnockCore

/// Where the runtime keeps messages and what hangs off them: contents, delivery logs, events,
/// activities and the admin outbox. A protocol so the runtime works on `InMemoryMessageStore`
/// (tests, no store) and on the engine's SQLite tables alike.
///
/// ```swift
/// let store = InMemoryMessageStore()
/// store.insert(message, contents: contents, logs: logs, events: events)
/// store.message(id: message.id)?.status   // .delivered
/// ```
public protocol MessageStore: AnyObject, Sendable {
    func insert(_ message: MessageRecord, contents: JSON?, logs: [JSON], events: [MessageEventRecord])
    /// Replaces the message (status, engagement, metadata changes) and appends logs and events.
    func update(_ message: MessageRecord, logs: [JSON], events: [MessageEventRecord])
    func message(id: String) -> MessageRecord?
    /// Every message, oldest first; `MessageQuery` filters on top of this.
    func allMessages() -> [MessageRecord]
    func contents(messageID: String) -> JSON?
    func deliveryLogs(messageID: String) -> [JSON]
    func events(messageID: String) -> [MessageEventRecord]
    func addActivity(_ activity: ActivityRecord)
    func activity(id: String) -> ActivityRecord?
    /// Outbox entries are kept per message and replaced on each retry.
    func upsertOutbox(_ entry: OutboxEntry)
    func outbox() -> [OutboxEntry]
}

/// A thread-safe in-memory `MessageStore`.
public final class InMemoryMessageStore: MessageStore, @unchecked Sendable {
    private let lock = NSLock()
    private var order: [String] = []
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
            if messages[message.id] == nil { order.append(message.id) }
            messages[message.id] = message
            if let contents { contentsByID[message.id] = contents }
            logsByID[message.id, default: []] += logs
            eventsByID[message.id, default: []] += events
        }
    }

    public func update(_ message: MessageRecord, logs: [JSON], events: [MessageEventRecord]) {
        lock.withLock {
            messages[message.id] = message
            logsByID[message.id, default: []] += logs
            eventsByID[message.id, default: []] += events
        }
    }

    public func message(id: String) -> MessageRecord? { lock.withLock { messages[id] } }
    public func allMessages() -> [MessageRecord] { lock.withLock { order.compactMap { messages[$0] } } }
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
