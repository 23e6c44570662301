import Foundation

/// Address and token patterns that force a failure, so a test picks an outcome by picking a recipient.
/// Full table in docs/providers.md.
///
/// | Destination | Pattern | Outcome |
/// |---|---|---|
/// | email, URL host | `bounce.test` (or a subdomain) | bounce |
/// | email, URL host | `undeliverable.test` (or a subdomain) | fatal → `undelivered` |
/// | email, URL host | `flaky.test` / `N.flaky.test` | first 2 / N attempts fail temporarily |
/// | phone | `+15005550009` | bounce |
/// | phone | `+15005550001` | fatal → `undelivered` |
/// | phone | `+15005550002` | first 2 attempts fail temporarily |
/// | token, chat channel/user id | `bounce-…` | bounce |
/// | token, chat channel/user id | `fail-…` | fatal → `undelivered` |
/// | token, chat channel/user id | `flaky-…` / `flaky-N-…` | first 2 / N attempts fail temporarily |
///
/// More than 7 temporary failures exhaust Knock's 8 attempts: `undelivered` (`retries_exhausted`).
///
/// ```swift
/// FailureRules.failure(for: Destination(kind: .email, address: "a@bounce.test"), attempt: 1)  // .bounce
/// FailureRules.failure(for: Destination(kind: .pushToken, address: "flaky-3-x"), attempt: 3)  // .transient
/// FailureRules.failure(for: Destination(kind: .pushToken, address: "flaky-3-x"), attempt: 4)  // nil
/// ```
public enum FailureRules {
    /// Temporary failures a `flaky` pattern without a count gives.
    public static let defaultFlakyFailures = 2

    public static let bouncePhone = "+15005550009"
    public static let undeliverablePhone = "+15005550001"
    public static let flakyPhone = "+15005550002"

    public static func failure(for destination: Destination, attempt: Int) -> SimulatedFailure? {
        let address = destination.address.trimmingCharacters(in: .whitespaces).lowercased()
        switch destination.kind {
        case .feed: return nil
        case .email:
            guard let at = address.lastIndex(of: "@") else { return nil }
            return hostFailure(String(address[address.index(after: at)...]), attempt: attempt)
        case .url:
            return URLComponents(string: address)?.host.flatMap { hostFailure($0.lowercased(), attempt: attempt) }
        case .phone:
            let digits = "+" + address.filter(\.isNumber)
            switch digits {
            case bouncePhone: return .bounce
            case undeliverablePhone: return .fatal
            case flakyPhone: return attempt <= defaultFlakyFailures ? .transient : nil
            default: return nil
            }
        case .pushToken, .chatConnection:
            if address.contains("://") {
                return URLComponents(string: address)?.host.flatMap { hostFailure($0.lowercased(), attempt: attempt) }
            }
            return prefixFailure(address, attempt: attempt)
        }
    }

    /// `bounce.test`, `undeliverable.test`, `[N.]flaky.test`, each also as a parent domain.
    static func hostFailure(_ host: String, attempt: Int) -> SimulatedFailure? {
        func under(_ domain: String) -> Bool { host == domain || host.hasSuffix("." + domain) }
        if under("bounce.test") { return .bounce }
        if under("undeliverable.test") { return .fatal }
        if under("flaky.test") {
            let first = host.split(separator: ".").first.map(String.init) ?? ""
            let n = host == "flaky.test" ? defaultFlakyFailures : Int(first) ?? defaultFlakyFailures
            return attempt <= n ? .transient : nil
        }
        return nil
    }

    /// `bounce-…`, `fail-…`, `flaky-[N-]…`.
    static func prefixFailure(_ token: String, attempt: Int) -> SimulatedFailure? {
        if token.hasPrefix("bounce-") { return .bounce }
        if token.hasPrefix("fail-") { return .fatal }
        if token.hasPrefix("flaky-") {
            let rest = token.dropFirst("flaky-".count)
            let count = rest.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first.flatMap { Int($0) }
            return attempt <= (count ?? defaultFlakyFailures) ? .transient : nil
        }
        return nil
    }
}
