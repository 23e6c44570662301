extension Catalog {
    /// `channel-data ...` commands.
    static let channelData: [Endpoint] = [
        Endpoint("channel-data", "get-for-user", .get, "/v1/users/{user_id}/channel_data/{channel_id}", summary: ""),
        Endpoint("channel-data", "set-for-user", .put, "/v1/users/{user_id}/channel_data/{channel_id}", summary: ""),
        Endpoint("channel-data", "unset-for-user", .delete, "/v1/users/{user_id}/channel_data/{channel_id}", summary: ""),
        Endpoint("channel-data", "get-for-object", .get, "/v1/objects/{collection}/{object_id}/channel_data/{channel_id}", summary: ""),
        Endpoint("channel-data", "set-for-object", .put, "/v1/objects/{collection}/{object_id}/channel_data/{channel_id}", summary: ""),
        Endpoint("channel-data", "unset-for-object", .delete, "/v1/objects/{collection}/{object_id}/channel_data/{channel_id}", summary: ""),
    ]
}
