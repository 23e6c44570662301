import Foundation

/// Makes the next N deliveries on a channel fail with a chosen outcome. Thread-safe; one per
/// environment. The admin API calls `inject`; providers call `take` once per delivery (a message,
/// not an attempt), so "next 2 bounced" means the next two messages on that channel bounce.
///
/// Injections queue in order: `inject(.bounced, count: 1)` then `inject(.undelivered, count: 2)`
/// fails one message with a bounce and the following two as undelivered, then deliveries succeed
/// again. In-app channels ignore injections (their messages cannot fail) and do not consume them.
///
/// ```swift
/// let injector = FailureInjector()
/// injector.inject(.undelivered, count: 3, channelID: emailChannel.id)
/// injector.pending(channelID: emailChannel.id)   // [Injection(outcome: .undelivered, remaining: 3)]
/// provider.deliver(request, injector: injector)  // status .undelivered, 2 left
/// ```
public final class FailureInjector: @unchecked Sendable {
    /// The outcome a forced failure gives the message.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// A permanent provider error: `undelivered` (`fatal_error`) after one attempt.
        case undelivered
        /// A hard bounce: `bounced` after one attempt.
        case bounced
        /// A temporary error: the message is left `delivery_attempted` with a `PendingRetry`; the retry
        /// (the injection is used up by then) goes through.
        case deliveryAttempted = "delivery_attempted"
    }

    public struct Injection: Sendable, Hashable {
        public var outcome: Outcome
        public var remaining: Int
    }

    // NSLock rather than Mutex: the package still targets macOS 14.
    private let lock = NSLock()
    private var queues: [UUID: [Injection]] = [:]
    /// Counts changes, so the runtime writes the queues (`runtime_state`) only when they moved.
    private var changes = 0

    public init() {}

    /// Queues `count` failures for the channel's next deliveries. A count below 1 does nothing.
    public func inject(_ outcome: Outcome, count: Int = 1, channelID: UUID) {
        guard count > 0 else { return }
        lock.withLock {
            queues[channelID, default: []].append(Injection(outcome: outcome, remaining: count))
            changes += 1
        }
    }

    /// Uses up one queued failure for the channel, if any.
    public func take(channelID: UUID) -> Outcome? {
        lock.withLock {
            guard var queue = queues[channelID], !queue.isEmpty else { return nil }
            let outcome = queue[0].outcome
            queue[0].remaining -= 1
            if queue[0].remaining <= 0 { queue.removeFirst() }
            queues[channelID] = queue.isEmpty ? nil : queue
            changes += 1
            return outcome
        }
    }

    /// What is still queued for the channel, in the order it will apply.
    public func pending(channelID: UUID) -> [Injection] {
        lock.withLock { queues[channelID] ?? [] }
    }

    /// Forgets the channel's queued failures, or every channel's when `channelID` is nil.
    public func clear(channelID: UUID? = nil) {
        lock.withLock {
            if let channelID { queues[channelID] = nil } else { queues.removeAll() }
            changes += 1
        }
    }

    /// Every channel's queue and the change count they belong to (what the runtime saves).
    public func snapshot() -> (queues: [UUID: [Injection]], changes: Int) {
        lock.withLock { (queues, changes) }
    }

    /// Puts back saved queues (a `--db` file reopened), replacing whatever is queued.
    public func restore(_ saved: [UUID: [Injection]]) {
        lock.withLock {
            queues = saved.filter { !$0.value.isEmpty }
            changes += 1
        }
    }
}
