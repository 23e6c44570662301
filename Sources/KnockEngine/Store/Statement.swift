import CSQLite

/// A value bound to or read from SQLite.
///
/// ```swift
/// try db.run("UPDATE users SET doc = ? WHERE env = ? AND id = ?", [.text(doc), .int(env), "u1"])
/// ```
public enum SQLValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    /// Text given as UTF-8 bytes (documents written by `JSONObjectWriter`): no `String` is made
    /// for it, and SQLite reads the bytes in place rather than copying them (`Database.run` and
    /// `query` step while the values are alive; the next use of the statement clears its bindings).
    case utf8([UInt8])

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(nilLiteral: ()) { self = .null }
    public static func int(_ v: Int) -> SQLValue { .int(Int64(v)) }
    public static func optionalText(_ v: String?) -> SQLValue { v.map(SQLValue.text) ?? .null }
}

/// A prepared statement owned by `Database`'s cache.
public final class Statement {
    let raw: OpaquePointer
    unowned let db: Database

    init(_ raw: OpaquePointer, db: Database) {
        self.raw = raw
        self.db = db
    }

    deinit { sqlite3_finalize(raw) }

    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
    }

    func bind(_ values: [SQLValue]) throws(StoreError) {
        for (i, v) in values.enumerated() {
            let idx = Int32(i + 1)
            let rc: Int32
            switch v {
            case .null: rc = sqlite3_bind_null(raw, idx)
            case .int(let n): rc = sqlite3_bind_int64(raw, idx, n)
            case .double(let d): rc = sqlite3_bind_double(raw, idx, d)
            case .text(let s):
                // Bound by byte count so a string with an interior NUL is stored whole.
                var s = s
                rc = s.withUTF8 { bindText($0, at: idx, copied: true) }
            case .utf8(let bytes):
                // The array outlives the step (see `SQLValue.utf8`): SQLite reads it in place.
                rc = bytes.withUnsafeBufferPointer { bindText($0, at: idx, copied: false) }
            }
            if rc != SQLITE_OK { throw db.lastError(rc) }
        }
    }

    /// Binds UTF-8 text by byte count; `copied: false` is SQLITE_STATIC (no destructor).
    private func bindText(_ buffer: UnsafeBufferPointer<UInt8>, at idx: Int32, copied: Bool) -> Int32 {
        guard let base = buffer.baseAddress else { return sqlite3_bind_text(raw, idx, "", 0, csqlite_transient()) }
        return sqlite3_bind_text(raw, idx, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(buffer.count),
                                 copied ? csqlite_transient() : nil)
    }

    /// Advances; true when a row is available.
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(raw)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let error = db.lastError(rc)
        sqlite3_reset(raw)
        throw error
    }
}

/// The current row of a query; valid only inside the mapping closure.
public struct Row {
    let statement: Statement

    public func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement.raw, column) }
    public func double(_ column: Int32) -> Double { sqlite3_column_double(statement.raw, column) }
    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement.raw, column) == SQLITE_NULL }
    public func text(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(statement.raw, column) else { return "" }
        let n = Int(sqlite3_column_bytes(statement.raw, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
    public func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    /// A JSON document column, parsed straight from SQLite's buffer without an intermediate String.
    public func json(_ column: Int32) -> JSONValueBytes {
        guard let p = sqlite3_column_text(statement.raw, column) else { return JSONValueBytes(bytes: []) }
        let n = Int(sqlite3_column_bytes(statement.raw, column))
        return JSONValueBytes(bytes: Array(UnsafeBufferPointer(start: p, count: n)))
    }
}

/// Raw JSON text read from a row; parse it outside the hot loop when needed.
public struct JSONValueBytes: Sendable {
    public let bytes: [UInt8]
}
