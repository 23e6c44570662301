/// Refuses to run recipes against a production Knock environment unless asked to
/// (`--allow-production`): recipes create users, trigger workflows and delete what they made.
///
/// Knock's public API does not say which environment a key belongs to, so the guard reads the
/// names it can see: `KNOCK_ENVIRONMENT` (set it where the key comes from), the API URL, and the
/// key itself. Any of them containing the word `production`, `prod` or `live` (split on
/// anything but letters and digits) counts as production.
///
/// ```swift
/// try ProductionGuard.check(apiURL: "https://api.knock.app", apiKey: key, environmentName: "production",
///                           allowProduction: false)   // throws ProductionRefusal
/// ```
public enum ProductionGuard {
    static let words: Set<String> = ["production", "prod", "live"]

    /// The first source whose name says production, as "KNOCK_ENVIRONMENT=production".
    public static func evidence(apiURL: String, apiKey: String?, environmentName: String?) -> String? {
        if let name = environmentName, saysProduction(name) { return "the environment is named \"\(name)\" (KNOCK_ENVIRONMENT)" }
        if saysProduction(apiURL) { return "the API URL \(apiURL) names production" }
        if let key = apiKey, saysProduction(key.split(separator: "_").prefix(2).joined(separator: "_")) {
            return "the API key's prefix names a live environment"
        }
        return nil
    }

    public static func check(apiURL: String, apiKey: String?, environmentName: String?, allowProduction: Bool) throws(ProductionRefusal) {
        guard !allowProduction, let why = evidence(apiURL: apiURL, apiKey: apiKey, environmentName: environmentName) else { return }
        throw ProductionRefusal(reason: why)
    }

    static func saysProduction(_ text: String) -> Bool {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.contains { words.contains(String($0)) }
    }
}

/// Why a run was refused: the target looks like production and `--allow-production` is not set.
public struct ProductionRefusal: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String {
        "refusing to run against a production Knock environment: \(reason). Recipes create and delete data; pass --allow-production if you mean it."
    }
}
