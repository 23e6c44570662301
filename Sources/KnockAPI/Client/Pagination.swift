import KnockCore

extension KnockClient {
    /// `--all`: sends the command, then follows `page_info.after` until it is null, and answers
    /// the first page's shape with its `entries` (or `items`) holding every page's elements,
    /// so `$x.entries` reads the same with or without `--all`.
    ///
    /// ```swift
    /// let users = try await client.all(Catalog.endpoint("users", "list")!, options: [("--page-size", 50)])
    /// users["entries"]?.arrayValue?.count   // every user
    /// ```
    public func all(
        _ endpoint: Endpoint, arguments: [String] = [], options: [(String, JSON)] = [], body: JSON? = nil,
        maxPages: Int = 10_000
    ) async throws -> JSON {
        try checkScope(endpoint)
        let first = try RequestBuilder.build(endpoint, arguments: arguments, options: options, body: body)
        return try await all(first, maxPages: maxPages)
    }

    /// `--all` for an already built request (also a raw one).
    public func all(_ request: APIRequest, maxPages: Int = 10_000) async throws -> JSON {
        var request = request
        var combined: JSON?
        var key: String?
        var collected: [JSON] = []
        var seenCursors = Set<String>()
        for _ in 0..<maxPages {
            let page = try await send(request).body
            if combined == nil {
                combined = page
                key = Self.collectionKey(of: page)
            }
            guard let key else { return page }  // not a paginated answer: nothing to follow
            collected += page[key]?.arrayValue ?? []
            combined?["page_info"] = page["page_info"]
            // A cursor seen before would loop forever; stop as if it were the end.
            guard let after = page["page_info"]?["after"]?.stringValue, !after.isEmpty,
                seenCursors.insert(after).inserted
            else { break }
            request.query.removeAll { $0.name == "after" }
            request.query.append(QueryItem("after", after))
        }
        guard var result = combined, let key else { return combined ?? .null }
        result[key] = .array(collected)
        if case .object? = result["page_info"] { result["page_info"]?["after"] = .null }
        return result
    }

    /// `entries` (users, objects, tenants, ...) or `items` (messages, events, logs, runs).
    static func collectionKey(of page: JSON) -> String? {
        for key in ["entries", "items"] where page[key]?.arrayValue != nil { return key }
        return nil
    }
}
