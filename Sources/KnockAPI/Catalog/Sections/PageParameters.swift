extension Catalog {
    /// Keyset paging, the same three parameters on every paginated list (`--all` follows
    /// `page_info.after`); listed once here and appended to each list's own parameters.
    static let pageParameters: [Parameter] = [
        .query("after", .string, "The cursor to fetch entries after."),
        .query("before", .string, "The cursor to fetch entries before."),
        .query("page_size", .integer, "The number of items per page (defaults to 50)."),
    ]
}
