/// A channel group from the config: one channel step fans out to every listed channel.
///
/// ```swift
/// let g = ChannelGroup(key: "mobile-push", channelType: .push, channelKeys: ["push", "fcm"])
/// ```
public struct ChannelGroup: Sendable, Hashable {
    public var key: String
    public var channelType: ChannelType
    public var channelKeys: [String]

    public init(key: String, channelType: ChannelType, channelKeys: [String]) {
        self.key = key
        self.channelType = channelType
        self.channelKeys = channelKeys
    }
}
