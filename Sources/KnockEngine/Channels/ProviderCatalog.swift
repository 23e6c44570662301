/// The notification providers knocksh knows by name, and inference of a provider from a channel key.
///
/// Teams name channels after their provider (`postmark`, `sendgrid-prod`, `twilio_sms`,
/// `apns-staging`); the key's words are matched against this list, preferring providers of the
/// step's channel type. A key that names none gets the type's default provider.
///
/// ```swift
/// ProviderCatalog.infer(fromKey: "sendgrid-prod", type: .email)  // "sendgrid"
/// ProviderCatalog.infer(fromKey: "my-mailer", type: .email)      // "postmark" (default for email)
/// ```
public enum ProviderCatalog {
    /// Provider name → channel type. Names are what `Channel.provider` reports.
    public static let providers: [(name: String, type: ChannelType, aliases: [String])] = [
        ("postmark", .email, []), ("sendgrid", .email, []), ("mailgun", .email, []),
        ("resend", .email, []), ("ses", .email, ["aws-ses", "amazon-ses", "awsses"]),
        ("sparkpost", .email, []), ("mailjet", .email, []), ("mandrill", .email, ["mailchimp"]),
        ("mailersend", .email, []), ("brevo", .email, ["sendinblue"]), ("smtp", .email, []),
        ("twilio", .sms, []), ("vonage", .sms, ["nexmo"]), ("messagebird", .sms, []),
        ("plivo", .sms, []), ("sns", .sms, ["aws-sns", "amazon-sns"]), ("telnyx", .sms, []),
        ("sinch", .sms, []), ("msg91", .sms, []), ("bandwidth", .sms, []),
        ("apns", .push, []), ("fcm", .push, ["firebase"]), ("expo", .push, []), ("onesignal", .push, ["one-signal"]),
        ("slack", .chat, []), ("msteams", .chat, ["ms-teams", "teams", "microsoft-teams"]),
        ("discord", .chat, []), ("whatsapp", .chat, []), ("mattermost", .chat, []),
        ("knock", .inAppFeed, ["in-app", "in-app-feed", "feed"]),
        ("webhook", .http, ["http"]),
    ]

    /// The provider a channel of `type` gets when nothing says otherwise.
    public static func defaultProvider(for type: ChannelType) -> String {
        switch type {
        case .email: return "postmark"
        case .sms: return "twilio"
        case .push: return "apns"
        case .chat: return "slack"
        case .inAppFeed, .inAppGuide: return "knock"
        case .http: return "webhook"
        }
    }

    /// The channel type a known provider sends on.
    public static func type(ofProvider name: String) -> ChannelType? {
        providers.first { $0.name == name }?.type
    }

    /// The provider named by `key`, if any, else the type's default. Matches whole words and
    /// word runs (`aws-ses-prod` → ses), case-insensitively; a provider of `type` beats one of
    /// another type (`slack-webhook` on a chat step → slack).
    public static func infer(fromKey key: String, type: ChannelType) -> String {
        named(byKey: key, preferring: type) ?? defaultProvider(for: type)
    }

    /// The provider `key` names, or nil.
    public static func named(byKey key: String, preferring type: ChannelType? = nil) -> String? {
        let words = key.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." || $0 == " " }).map(String.init)
        var candidates: [(name: String, type: ChannelType)] = []
        for (name, providerType, aliases) in providers {
            let spellings = [name] + aliases
            let hit = spellings.contains { spelling in
                let parts = spelling.split(separator: "-").map(String.init)
                guard parts.count <= words.count else { return false }
                return (0...(words.count - parts.count)).contains { Array(words[$0..<$0 + parts.count]) == parts }
            }
            if hit { candidates.append((name, providerType)) }
        }
        return (candidates.first { $0.type == type } ?? candidates.first)?.name
    }
}
