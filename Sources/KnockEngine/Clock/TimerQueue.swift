import Foundation

/// Timers keyed by due time: a binary min-heap on `(dueAt, sequence)`, so timers due at the same
/// instant fire in the order they were scheduled. Cancelling is lazy (the entry is skipped when
/// it surfaces), which keeps `cancel` O(1).
///
/// Not thread-safe: the runtime owns one per environment and touches it only on its executor.
///
/// ```swift
/// var timers = TimerQueue<String>()
/// let id = timers.schedule(at: t1, "resume run 1")
/// timers.schedule(at: t0, "close batch")
/// timers.popDue(notAfter: t1)   // (t0, "close batch"), then (t1, "resume run 1")
/// timers.cancel(id)
/// ```
public struct TimerQueue<Payload> {
    public typealias TimerID = Int

    public struct Entry {
        public let id: TimerID
        public let dueAt: Date
        public let payload: Payload
    }

    private var heap: [Entry] = []
    private var cancelled: Set<TimerID> = []
    /// Due times of the live timers, so a timer can be saved with its time (and `cancel` is O(1)).
    private var live: [TimerID: Date] = [:]
    private var nextID = 1

    public init() {}

    /// Live timers (cancelled ones excluded).
    public var count: Int { live.count }

    @discardableResult
    public mutating func schedule(at dueAt: Date, _ payload: Payload) -> TimerID {
        let id = nextID
        nextID += 1
        insert(Entry(id: id, dueAt: dueAt, payload: payload))
        return id
    }

    /// Re-arms a timer saved before a restart under its old id, so ties keep their order and
    /// the ids its owners hold stay valid. Later `schedule` calls get higher ids.
    public mutating func restore(id: TimerID, at dueAt: Date, _ payload: Payload) {
        guard live[id] == nil else { return }
        nextID = max(nextID, id + 1)
        insert(Entry(id: id, dueAt: dueAt, payload: payload))
    }

    /// When a live timer is due; nil once it fired or was cancelled.
    public func dueAt(_ id: TimerID) -> Date? { live[id] }

    public mutating func cancel(_ id: TimerID) {
        if live.removeValue(forKey: id) != nil { cancelled.insert(id) }
    }

    private mutating func insert(_ entry: Entry) {
        live[entry.id] = entry.dueAt
        heap.append(entry)
        siftUp(heap.count - 1)
    }

    /// The earliest live timer's due time.
    public mutating func nextDue() -> Date? {
        dropCancelledTop()
        return heap.first?.dueAt
    }

    /// Removes and returns the earliest live timer if it is due at or before `limit`.
    public mutating func popDue(notAfter limit: Date) -> Entry? {
        dropCancelledTop()
        guard let top = heap.first, top.dueAt <= limit else { return nil }
        removeTop()
        live.removeValue(forKey: top.id)
        return top
    }

    private mutating func dropCancelledTop() {
        while let top = heap.first, cancelled.contains(top.id) {
            cancelled.remove(top.id)
            removeTop()
        }
    }

    private mutating func removeTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private func less(_ a: Entry, _ b: Entry) -> Bool {
        a.dueAt != b.dueAt ? a.dueAt < b.dueAt : a.id < b.id
    }

    private mutating func siftUp(_ i: Int) {
        var child = i
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ i: Int) {
        var parent = i
        while true {
            let l = 2 * parent + 1, r = l + 1
            var best = parent
            if l < heap.count, less(heap[l], heap[best]) { best = l }
            if r < heap.count, less(heap[r], heap[best]) { best = r }
            if best == parent { return }
            heap.swapAt(parent, best)
            parent = best
        }
    }
}
