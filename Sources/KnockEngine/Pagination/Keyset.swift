/// Keyset pagination over a table's `seq` column: every page is one range scan on an index that
/// starts with the filter columns and ends with `seq`, so page 1 costs the same at a million rows.
///
/// ```swift
/// let page = try Keyset(table: "users", filter: "env = ?", arguments: [.int(env.rowID)])
///     .page(db, columns: "doc, inserted_at, updated_at", request: request) { row in row.text(1) }
/// ```
struct Keyset {
    let table: String
    /// A SQL condition with `?` placeholders, matched by `arguments`; must be covered by an index ending in `seq`.
    let filter: String
    let arguments: [SQLValue]
    /// Newest first (user subscriptions, schedules) instead of oldest first.
    var descending = false

    /// Reads one page. `columns` are selected after `seq` (column 0), so the row mapper reads from 1.
    func page<T>(_ db: Database, columns: String, request: PageRequest, _ map: (Row) throws(StoreError) -> T) throws(StoreError) -> Page<T> {
        let size = request.pageSize
        // Walking "forward" means in display order; `before` walks backwards and flips the result.
        let backwards = request.before != nil && request.after == nil
        let cursor = backwards ? request.before : request.after
        let ascendingScan = descending == backwards
        var sql = "SELECT seq, \(columns) FROM \(table) WHERE \(filter)"
        var args = arguments
        if let cursor {
            sql += ascendingScan ? " AND seq > ?" : " AND seq < ?"
            args.append(.int(cursor.seq))
        }
        sql += " ORDER BY seq \(ascendingScan ? "ASC" : "DESC") LIMIT ?"
        args.append(.int(size + 1))
        var seqs: [Int64] = []
        var rows: [T] = []
        let statementRows = try db.query(sql, args) { (row) throws(StoreError) -> (Int64, T) in (row.int(0), try map(row)) }
        for (s, r) in statementRows.prefix(size) { seqs.append(s); rows.append(r) }
        let more = statementRows.count > size
        if backwards { seqs.reverse(); rows.reverse() }
        guard let first = seqs.first, let last = seqs.last else {
            return Page(entries: [], after: nil, before: nil, pageSize: size)
        }
        // One side's "more" is known from the extra row; the other side is a cheap EXISTS probe.
        var hasAfter = more, hasBefore = more
        if backwards {
            hasAfter = try exists(db, beyond: last, forward: true)
        } else {
            hasBefore = false
            if cursor != nil { hasBefore = try exists(db, beyond: first, forward: false) }
        }
        return Page(entries: rows, after: hasAfter ? Cursor(seq: last) : nil, before: hasBefore ? Cursor(seq: first) : nil, pageSize: size)
    }

    /// Whether any row lies past `seq` in display order (`forward`) or before it.
    private func exists(_ db: Database, beyond seq: Int64, forward: Bool) throws(StoreError) -> Bool {
        let greater = forward != descending
        let sql = "SELECT 1 FROM \(table) WHERE \(filter) AND seq \(greater ? ">" : "<") ? LIMIT 1"
        return try db.first(sql, arguments + [.int(seq)]) { _ in true } ?? false
    }
}
