/// The channel types a Knock channel step can target (`channel_type` in the mAPI).
///
/// `http` is Knock's name for webhook channels; `in_app_guide` is accepted so pulled workflows
/// load, though guides are out of scope for the engine.
///
/// ```swift
/// ChannelType(rawValue: "in_app_feed")  // .inAppFeed
/// ChannelType.http.rawValue             // "http" (webhooks)
/// ```
public enum ChannelType: String, Sendable, Hashable, CaseIterable, Comparable {
    case email
    case sms
    case push
    case chat
    case inAppFeed = "in_app_feed"
    case inAppGuide = "in_app_guide"
    case http

    public static func < (a: ChannelType, b: ChannelType) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
