import CSQLite

/// One SQLite connection with a prepared-statement cache. Not thread-safe by itself: `Store`
/// serializes every use behind a lock, which is cheaper than SQLite's own mutexes for calls that
/// take microseconds.
///
/// ```swift
/// let db = try Database(path: nil)                         // in memory
/// try db.execute("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER)")
/// try db.run("INSERT INTO t VALUES(?, ?)", ["a", 1])
/// let v = try db.query("SELECT v FROM t WHERE k = ?", ["a"]) { $0.int(0) }   // [1]
/// ```
public final class Database: @unchecked Sendable {
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    public let path: String?

    /// Opens `path`, or a private in-memory database when nil. Files use WAL with
    /// `synchronous=FULL`: WAL lets readers proceed during a write, and FULL syncs the WAL at every
    /// commit so an acknowledged write survives a power loss, not only a process crash.
    ///
    /// In memory means SQLite's `memdb` VFS (an in-memory file) rather than `:memory:`, whose
    /// pages all live in the page cache: on `memdb` the cache can stay small, which keeps each
    /// COMMIT's walk of it short (below).
    public init(path: String?) throws(StoreError) {
        var db: OpaquePointer?
        // A path is a plain file name (no URI parsing); the memdb name is a URI. Without a
        // leading "/" a memdb database is private to this connection.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | (path == nil ? SQLITE_OPEN_URI : 0)
        let rc = sqlite3_open_v2(path ?? "file:knocksh-\(UInt64.random(in: 0 ... .max))?vfs=memdb", &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open database"
            if let db { sqlite3_close(db) }
            throw StoreError(code: rc, message: "\(path ?? ":memory:"): \(message)")
        }
        self.handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5_000)
        if path != nil {
            try execute("PRAGMA journal_mode=WAL")
            try execute("PRAGMA synchronous=FULL")
            // A large page cache saves reads from the file (a 1M-message feed page).
            try execute("PRAGMA cache_size=-65536")
        } else {
            // memdb has no journal file; the rollback journal lives in memory too.
            try execute("PRAGMA journal_mode=MEMORY")
            try execute("PRAGMA synchronous=OFF")
            // memdb refuses to grow past 1 GiB unless told otherwise.
            var limit: Int64 = 1 << 40
            sqlite3_file_control(db, "main", SQLITE_FCNTL_SIZE_LIMIT, &limit)
            // SQLite's default 2 MiB page cache: the pages are in memory already, and every COMMIT
            // walks the page cache's hash table, so a 64 MiB cache made commits slow down as the
            // database grew (~20 % of `serve`'s CPU with ~60,000 messages; docs/benchmarks.md).
        }
        try execute("PRAGMA foreign_keys=ON")
        try execute("PRAGMA temp_store=MEMORY")
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without parameters (schema, pragmas).
    public func execute(_ sql: String) throws(StoreError) {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let message = err.map { String(cString: $0) } ?? "error \(rc)"
            sqlite3_free(err)
            throw StoreError(code: rc, message: message)
        }
    }

    /// A cached prepared statement for `sql`, reset and ready to bind.
    public func statement(_ sql: String) throws(StoreError) -> Statement {
        if let s = cache[sql] {
            s.reset()
            return s
        }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw lastError(rc, context: sql) }
        let s = Statement(raw, db: self)
        cache[sql] = s
        return s
    }

    /// Executes a statement that returns no rows; returns the number of rows changed.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> Int {
        let s = try statement(sql)
        try s.bind(values)
        while try s.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Executes a query and maps every row.
    public func query<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws(StoreError) -> T) throws(StoreError) -> [T] {
        let s = try statement(sql)
        try s.bind(values)
        var out: [T] = []
        while try s.step() { out.append(try map(Row(statement: s))) }
        return out
    }

    /// The first row of a query, mapped, or nil.
    public func first<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws(StoreError) -> T) throws(StoreError) -> T? {
        let s = try statement(sql)
        try s.bind(values)
        defer { s.reset() }
        return try s.step() ? try map(Row(statement: s)) : nil
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// Nested calls join the outer transaction (SQLite has no nested BEGIN).
    public func transaction<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let outer = sqlite3_get_autocommit(handle) != 0
        // Prepared once and cached: sqlite3_exec would parse the text on every write.
        if outer { try? run("BEGIN IMMEDIATE") }
        do {
            let value = try body()
            if outer {
                do { try run("COMMIT") } catch {
                    try? execute("ROLLBACK")
                    // A failed commit is a storage fault; the caller's error type can't carry it.
                    fatalError("SQLite COMMIT failed: \(error)")
                }
            }
            return value
        } catch {
            if outer { try? execute("ROLLBACK") }
            throw error
        }
    }

    func lastError(_ rc: Int32, context: String = "") -> StoreError {
        let message = String(cString: sqlite3_errmsg(handle))
        return StoreError(code: rc, message: context.isEmpty ? message : "\(message) (\(context))")
    }
}

/// A SQLite failure. Reaching a client as anything but a 500-free error is the server's job.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public var description: String { "SQLite error \(code): \(message)" }
    public var isConstraintViolation: Bool { code & 0xFF == SQLITE_CONSTRAINT }
}
