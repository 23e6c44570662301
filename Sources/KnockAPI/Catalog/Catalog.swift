/// Every endpoint knocksh knows, in `help` order. See `Endpoint`.
///
/// ```swift
/// Catalog.endpoint("messages", "delivery-logs")?.path   // "/v1/messages/{message_id}/delivery_logs"
/// Catalog.sections                                     // ["workflows", "messages", ...]
/// ```
public enum Catalog {
    public static let endpoints: [Endpoint] =
        workflows + messages + feeds + users + objects + subscriptions + preferences + tenants + schedules
        + channelData + bulkOperations + slack + audiences + workflowRecipientRuns + localEngine

    private static let byID: [String: Endpoint] = Dictionary(uniqueKeysWithValues: endpoints.map { ($0.id, $0) })

    public static func endpoint(_ section: String, _ operation: String) -> Endpoint? {
        byID["\(section) \(operation)"]
    }

    /// Section names in catalog order, each once.
    public static var sections: [String] {
        var seen = Set<String>()
        return endpoints.map(\.section).filter { seen.insert($0).inserted }
    }
}
