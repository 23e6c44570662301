extension Catalog {
    /// `channel-data ...` commands. Parameters, types and tiers follow `spec/knock-openapi.yml`.
    static let channelData: [Endpoint] = [
        Endpoint(
            "channel-data", "get-for-user", .get, "/v1/users/{user_id}/channel_data/{channel_id}", tier: 4,
            summary: "Retrieves the channel data for a specific user and channel ID."
        ),
        Endpoint(
            "channel-data", "set-for-user", .put, "/v1/users/{user_id}/channel_data/{channel_id}", tier: 3,
            summary: "Updates or creates channel data for a specific user and channel ID.",
            parameters: [
                .body("data", .object, required: true, "Channel data for a given channel type."),
            ]
        ),
        Endpoint(
            "channel-data", "unset-for-user", .delete, "/v1/users/{user_id}/channel_data/{channel_id}", tier: 3,
            summary: "Deletes channel data for a specific user and channel ID."
        ),
        Endpoint(
            "channel-data", "get-for-object", .get, "/v1/objects/{collection}/{object_id}/channel_data/{channel_id}", tier: 4,
            summary: "Returns the channel data for the specified object and channel."
        ),
        Endpoint(
            "channel-data", "set-for-object", .put, "/v1/objects/{collection}/{object_id}/channel_data/{channel_id}", tier: 3,
            summary: "Sets the channel data for the specified object and channel.",
            parameters: [
                .body("data", .object, required: true, "Channel data for a given channel type."),
            ]
        ),
        Endpoint(
            "channel-data", "unset-for-object", .delete, "/v1/objects/{collection}/{object_id}/channel_data/{channel_id}", tier: 3,
            summary: "Unsets the channel data for the specified object and channel."
        ),
    ]
}
