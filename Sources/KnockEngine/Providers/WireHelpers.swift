import Foundation
import KnockCore

/// Small pieces the wire formats share: form encoding, redacted credentials, display names.
enum Wire {
    /// Credentials never appear in logs; real Knock hides them too.
    static let redacted = "[REDACTED]"

    static let jsonHeaders: JSONObject = ["Content-Type": "application/json", "Accept": "application/json"]

    /// `application/x-www-form-urlencoded` (Twilio and Mailgun take forms, not JSON).
    static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(formEscape($0.0))=\(formEscape($0.1))" }.joined(separator: "&")
    }

    private static let formSafe: CharacterSet = {
        var s = CharacterSet.alphanumerics
        s.insert(charactersIn: "-._*")
        return s
    }()

    static func formEscape(_ s: String) -> String {
        (s.addingPercentEncoding(withAllowedCharacters: formSafe) ?? s).replacingOccurrences(of: "%20", with: "+")
    }

    /// `service_name` for a provider key (`postmark` → `Postmark`); unknown keys are capitalized.
    static func serviceName(_ provider: String) -> String {
        let known = ["postmark": "Postmark", "sendgrid": "SendGrid", "resend": "Resend", "mailgun": "Mailgun",
                     "ses": "Amazon SES", "twilio": "Twilio", "vonage": "Vonage", "apns": "APNs", "fcm": "FCM",
                     "expo": "Expo", "slack": "Slack", "msteams": "Microsoft Teams", "discord": "Discord",
                     "webhook": "Webhook", "knock": "Knock"]
        return known[provider] ?? provider.prefix(1).uppercased() + provider.dropFirst()
    }

    /// A host for providers without a modelled wire format: clearly synthetic, never resolvable.
    static func syntheticHost(_ provider: String) -> String { "\(provider).simulated.knocksh.invalid" }

    /// A non-empty trimmed string from a JSON value, else nil.
    static func text(_ value: JSON?) -> String? {
        guard let s = value?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty else { return nil }
        return s
    }
}
