import Foundation
import Testing
@testable import KnockEngine

/// Without `--db` the engine's database lives in SQLite's memdb VFS: private to its connection,
/// journaled in memory (no file appears anywhere), transactional like a file.
@Suite struct InMemoryDatabaseTests {
    struct Rollback: Error {}

    @Test func eachInMemoryDatabaseIsPrivateAndJournaledInMemory() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: cwd))
        let a = try Database(path: nil), b = try Database(path: nil)
        #expect(try a.first("PRAGMA journal_mode", []) { $0.text(0) } == "memory")
        try a.execute("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER)")
        try a.run("INSERT INTO t VALUES(?, ?)", [.text("kept"), .int(1)])
        #expect(throws: StoreError.self) { try b.run("INSERT INTO t VALUES(?, ?)", [.text("x"), .int(1)]) }

        // A rolled-back transaction leaves nothing; a committed one stays.
        #expect(throws: Rollback.self) {
            try a.transaction { () throws(Rollback) in
                _ = try? a.run("INSERT INTO t VALUES(?, ?)", [.text("dropped"), .int(2)])
                throw Rollback()
            }
        }
        try a.transaction { () throws(StoreError) in try a.run("INSERT INTO t VALUES(?, ?)", [.text("committed"), .int(3)]) }
        #expect(try a.query("SELECT k FROM t ORDER BY v", []) { $0.text(0) } == ["kept", "committed"])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: cwd)) == before)
    }

    /// Text bound as bytes (read in place, not copied) is stored whole, the statement is reused
    /// with other values after the bytes are gone, and a query can match on bytes too.
    @Test func textBoundAsBytesIsStoredWholeAndTheStatementReused() throws {
        let db = try Database(path: nil)
        try db.execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)")
        let values = ["", "plain", "é 日 😀", "a\u{0}b", String(repeating: "x", count: 100_000)]
        for (k, v) in values.enumerated() {
            try db.run("INSERT INTO t VALUES(?, ?)", [.int(k), .utf8(Array(v.utf8))])
        }
        try db.run("INSERT INTO t VALUES(?, ?)", [.int(99), .text("as a string")])
        #expect(try db.query("SELECT v FROM t ORDER BY k", []) { $0.text(0) } == values + ["as a string"])
        #expect(try db.first("SELECT typeof(v) FROM t WHERE k = 1", []) { $0.text(0) } == "text")
        #expect(try db.first("SELECT k FROM t WHERE v = ?", [.utf8(Array("é 日 😀".utf8))]) { $0.int(0) } == 2)
    }

    /// Every COMMIT walks the page cache's hash table: in memory (where the pages live anyway) the
    /// cache stays at SQLite's default 2 MiB; a file keeps 64 MiB for its reads.
    @Test func theInMemoryPageCacheStaysSmallAndAFilesIsLarge() throws {
        let memory = try Database(path: nil)
        #expect(try memory.first("PRAGMA cache_size", []) { $0.int(0) } == -2000)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("knocksh-cache-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let file = try Database(path: path)
        #expect(try file.first("PRAGMA cache_size", []) { $0.int(0) } == -65536)
        #expect(try file.first("PRAGMA journal_mode", []) { $0.text(0) } == "wal")
    }
}
