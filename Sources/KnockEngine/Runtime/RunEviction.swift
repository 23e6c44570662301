import Foundation
import KnockCore

/// Finished runs leave memory: `knocksh serve` kept every run of the process (663 MiB after
/// ~51,600 triggers). Once a run has finished and nothing can happen to it any more (it is not an
/// item or the continuation of an open batch), the run store holds everything reads need, and a
/// message it still holds for a send window stays reachable by cancel through `heldDeliveries`.
///
/// A runtime without a run store (engine unit tests) keeps its runs: memory is its only store.
extension WorkflowRuntime {
    /// Drops the finished runs among `candidates` (runs changed by the job that just ended).
    func evictFinishedRuns(_ candidates: Set<String>) {
        // Without a state store `saveState` leaves the set to grow; only eviction reads it then.
        if stateStore == nil { persistence.runs.removeAll() }
        guard runStore != nil else { return }
        for id in candidates {
            guard let run = runs[id], run.isFinished, !isLive(run) else { continue }
            runs[id] = nil
        }
        // Compact the order list when most of it names evicted runs (amortized O(1) per run).
        if runOrder.count > 2 * runs.count + 256 { runOrder.removeAll { runs[$0] == nil } }
    }

    /// Runs held in memory (tests count them).
    var liveRunCount: Int { onExecutor { runs.count } }
}
