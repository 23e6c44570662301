import Foundation
import KnockCore

/// Webhook (`http`) channels: the rendered request is "made" and logged as is. Ends `delivered` on a
/// 2xx (§4.2). Knock's rules (§1.4): 401/403/404/405 or a malformed URL ⇒ `undelivered` at once;
/// any other non-2xx is retried up to the plan's attempts.
///
/// No request leaves the machine: the answer comes from `responder` (e.g. the runtime's stub
/// registry), else `200 {"ok": true}`. URL hosts under `undeliverable.test`, `bounce.test` and
/// `[N.]flaky.test` force 404, 410 (bounced) and 503 answers; injected failures do the same.
///
/// ```swift
/// let provider = WebhookProvider { req in req.host == "hooks.example.com" ? LoggedResponse(status: 202, body: "") : nil }
/// let outcome = provider.deliver(DeliveryRequest(
///     messageID: id, channel: webhookChannel, recipient: ["id": "u1"],
///     content: .webhook(RenderedWebhook(method: "POST", url: "https://hooks.example.com/knock", body: #"{"a":1}"#)), now: now))
/// outcome.deliveryLogs[0].request.body   // {"a": 1}
/// ```
public struct WebhookProvider: Provider {
    /// Answers a request, or nil for the default `200 {"ok": true}`.
    public typealias Responder = @Sendable (LoggedRequest) -> LoggedResponse?
    public var responder: Responder?

    public init(responder: Responder? = nil) { self.responder = responder }

    public var acceptedStatus: MessageDeliveryStatus { .delivered }

    /// Webhooks need no channel data (§1.4); only an empty URL gives nothing to call.
    public func destinations(for request: DeliveryRequest) -> Result<[Destination], DeliverySkipReason> {
        let url = webhook(request).url.trimmingCharacters(in: .whitespacesAndNewlines)
        return url.isEmpty ? .failure(.missingURL) : .success([Destination(kind: .url, address: url)])
    }

    public func contents(for request: DeliveryRequest, destinations: [Destination]) -> JSON {
        let w = webhook(request)
        return ["__typename": "MessageHttpContent", "url": .string(w.url), "method": .string(w.method),
                "headers": .object(headers(w)), "body": w.body.map(JSON.string) ?? .null]
    }

    public func attempt(_ request: DeliveryRequest, to destination: Destination, attempt: Int, failure: SimulatedFailure?) -> AttemptResult {
        let w = webhook(request)
        guard let url = URLComponents(string: w.url), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            // Nothing was sent, so nothing is logged: Knock fails malformed URLs before calling out.
            return AttemptResult(verdict: .failed(retryable: false, reason: "invalid URL: \(w.url)"))
        }
        var query = url.percentEncodedQuery.map { [$0] } ?? []
        query += w.queryParams.map { "\(Wire.formEscape($0.key))=\(Wire.formEscape($0.value))" }
        let body: JSON = w.body.map { text in (try? JSON.parse(text)) ?? .string(text) } ?? .null
        let logged = LoggedRequest(method: w.method, host: host, path: url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath,
                                   query: query.isEmpty ? nil : "?" + query.joined(separator: "&"), headers: headers(w), body: body)
        let response: LoggedResponse
        switch failure {
        case .bounce: response = LoggedResponse(status: 410, body: ["error": "gone"])
        case .fatal: response = LoggedResponse(status: 404, body: ["error": "not found"])
        case .transient: response = LoggedResponse(status: 503, body: ["error": "service unavailable"])
        case nil: response = responder?(logged) ?? LoggedResponse(status: 200, body: ["ok": true])
        }
        return AttemptResult(verdict: Self.verdict(status: response.status, bounce: failure == .bounce), serviceName: "Webhook",
                             request: logged, response: response)
    }

    /// Knock's webhook rules: 2xx accepted; 401/403/404/405 permanent; anything else retried.
    static func verdict(status: Int, bounce: Bool) -> AttemptResult.Verdict {
        if bounce { return .bounced(reason: "HTTP \(status)") }
        if (200..<300).contains(status) { return .accepted(externalID: nil) }
        return .failed(retryable: ![401, 403, 404, 405].contains(status), reason: "HTTP \(status)")
    }

    public func summary(for request: DeliveryRequest) -> OutboxEntry.Summary {
        let w = webhook(request)
        return OutboxEntry.Summary(title: "\(w.method) \(w.url)", text: w.body ?? "")
    }

    private func headers(_ w: RenderedWebhook) -> JSONObject {
        var h: JSONObject = [:]
        for pair in w.headerPairs { h[pair.key] = .string(pair.value) }
        return h
    }

    private func webhook(_ request: DeliveryRequest) -> RenderedWebhook {
        if case .webhook(let w) = request.content { return w }
        return RenderedWebhook(method: "POST", url: "")
    }
}
