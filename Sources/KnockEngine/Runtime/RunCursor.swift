/// Where a run is in its workflow: a stack of step lists (the workflow's, then the branch being
/// run), each with the index of the next step. A paused run keeps its cursor, so resuming is
/// just asking for the next step.
///
/// ```swift
/// var cursor = RunCursor(steps: workflow.steps)
/// while let step = cursor.next() { … cursor.enter(branch.steps, terminates: branch.terminates) … }
/// ```
public struct RunCursor: Sendable {
    struct Frame: Sendable {
        var steps: [Step]
        var index: Int
        /// A terminating branch ends the run when its steps are done.
        var terminates: Bool
    }
    var frames: [Frame]

    public init(steps: [Step]) { frames = [Frame(steps: steps, index: 0, terminates: false)] }

    /// The next step, advancing past it; nil when the run has no more steps.
    public mutating func next() -> Step? {
        while let top = frames.last {
            if top.index < top.steps.count {
                frames[frames.count - 1].index += 1
                return top.steps[top.index]
            }
            let finished = frames.removeLast()
            if finished.terminates { frames.removeAll() }
        }
        return nil
    }

    /// Runs a branch's steps next; the step after the branch step follows unless `terminates`.
    public mutating func enter(_ steps: [Step], terminates: Bool) {
        frames.append(Frame(steps: steps, index: 0, terminates: terminates))
    }

    /// Makes the step just returned by `next()` come again (a fetch retry).
    public mutating func repeatLast() {
        guard !frames.isEmpty, frames[frames.count - 1].index > 0 else { return }
        frames[frames.count - 1].index -= 1
    }

    /// Ends the run at once.
    public mutating func stop() { frames.removeAll() }
}
