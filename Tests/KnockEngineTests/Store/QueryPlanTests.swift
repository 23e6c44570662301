import Foundation
import Testing
@testable import KnockEngine

/// Queries that run once per runtime job read one index range, with no sort of their own.
@Suite struct QueryPlanTests {
    private func plan(_ sql: String, _ arguments: [SQLValue]) throws -> [String] {
        let store = try Store(path: nil)
        return try store.read { db throws(StoreError) in
            try db.query("EXPLAIN QUERY PLAN " + sql, arguments) { $0.text(3) }
        }
    }

    @Test func theEarliestScheduleOfAnEnvironmentIsOneIndexSeek() throws {
        let steps = try plan("SELECT next_occurrence_at FROM schedules WHERE env = ? AND next_occurrence_at IS NOT NULL ORDER BY next_occurrence_at LIMIT 1",
                             [.int(1)])
        #expect(steps.contains { $0.contains("schedules_env_due") })
        #expect(!steps.contains { $0.contains("TEMP B-TREE") })
    }

    @Test func claimingTheNextDueScheduleNeedsNoSortEither() throws {
        let steps = try plan("""
            SELECT id FROM schedules WHERE env = ? AND next_occurrence_at IS NOT NULL AND next_occurrence_at <= ?
            ORDER BY next_occurrence_at, seq LIMIT 1
            """, [.int(1), .int(0)])
        #expect(!steps.contains { $0.contains("TEMP B-TREE") })
    }
}
