import Foundation
import KnockCore

/// Request and response shapes of the chat providers ChatProvider simulates.
enum ChatWire {
    /// A webhook URL split the way delivery logs record it.
    static func target(_ url: String) -> (host: String, path: String, query: String?) {
        let c = URLComponents(string: url)
        return (c?.host ?? url, (c?.path).flatMap { $0.isEmpty ? nil : $0 } ?? "/", c?.percentEncodedQuery.map { "?" + $0 })
    }

    /// The provider payload: the rendered `json_body` object when there is one, else `fallback`.
    static func payload(_ chat: RenderedChat, fallback: JSONObject) -> JSONObject {
        if case .object(let o)? = chat.json { return o }
        if case .array(let a)? = chat.json { return ["blocks": .array(a)] }
        return fallback
    }

    // MARK: Slack

    /// `POST https://slack.com/api/chat.postMessage`. Slack answers errors with HTTP 200 and `ok: false`.
    static func slackPostMessage(_ chat: RenderedChat, _ d: Destination, hasToken: Bool, seed: String, now: Date,
                                 failure: SimulatedFailure?) -> AttemptResult {
        var body: JSONObject = ["channel": .string(d.address)]
        let text = chat.json == nil ? chat.markdown : (chat.summary ?? chat.markdown)
        body["text"] = .string(text)
        for (k, v) in payload(chat, fallback: ["mrkdwn": true]) where k != "channel" { body[k] = v }
        let request = LoggedRequest(method: "POST", host: "slack.com", path: "/api/chat.postMessage",
                                    headers: ["Authorization": .string("Bearer \(Wire.redacted)"), "Content-Type": "application/json; charset=utf-8"],
                                    body: .object(body))
        func error(_ status: Int, _ code: String, headers: JSONObject? = nil) -> LoggedResponse {
            LoggedResponse(status: status, headers: headers, body: ["ok": false, "error": .string(code)])
        }
        if !hasToken {
            return AttemptResult(verdict: .failed(retryable: false, reason: "not_authed"), serviceName: "Slack", request: request, response: error(200, "not_authed"))
        }
        switch failure {
        case .bounce:
            return AttemptResult(verdict: .bounced(reason: "channel_not_found"), serviceName: "Slack", request: request, response: error(200, "channel_not_found"))
        case .fatal:
            return AttemptResult(verdict: .failed(retryable: false, reason: "not_in_channel"), serviceName: "Slack", request: request, response: error(200, "not_in_channel"))
        case .transient:
            return AttemptResult(verdict: .failed(retryable: true, reason: "ratelimited"), serviceName: "Slack", request: request,
                                 response: error(429, "ratelimited", headers: ["Content-Type": "application/json", "Retry-After": "1"]))
        case nil:
            // A user id posts to the bot's DM with that user (channel D…); a channel id posts there.
            let channel = d.address.hasPrefix("U") || d.address.hasPrefix("W") ? "D" + DeterministicID.base62(d.address, length: 10).uppercased() : d.address
            let ts = "\(Int(now.timeIntervalSince1970)).\(DeterministicID.digits(seed, length: 6))"
            return AttemptResult(verdict: .accepted(externalID: ts), serviceName: "Slack", request: request,
                                 response: LoggedResponse(status: 200, body: [
                                    "ok": true, "channel": .string(channel), "ts": .string(ts),
                                    "message": ["type": "message", "subtype": "bot_message", "text": .string(text), "ts": .string(ts),
                                                "bot_id": .string("B" + DeterministicID.base62("knocksh-bot", length: 10).uppercased())]]))
        }
    }

    /// `POST https://hooks.slack.com/services/…`: plain-text answers (`ok`, `channel_not_found`, ...).
    static func slackWebhook(_ chat: RenderedChat, url: String, failure: SimulatedFailure?) -> AttemptResult {
        let t = target(url)
        var body: JSONObject = ["text": .string(chat.json == nil ? chat.markdown : (chat.summary ?? chat.markdown))]
        for (k, v) in payload(chat, fallback: [:]) { body[k] = v }
        let request = LoggedRequest(method: "POST", host: t.host, path: t.path, query: t.query, headers: ["Content-Type": "application/json"], body: .object(body))
        func text(_ status: Int, _ s: String) -> LoggedResponse { LoggedResponse(status: status, headers: ["Content-Type": "text/html"], body: .string(s)) }
        switch failure {
        case .bounce: return AttemptResult(verdict: .bounced(reason: "channel_not_found"), serviceName: "Slack", request: request, response: text(404, "channel_not_found"))
        case .fatal: return AttemptResult(verdict: .failed(retryable: false, reason: "invalid_token"), serviceName: "Slack", request: request, response: text(403, "invalid_token"))
        case .transient: return AttemptResult(verdict: .failed(retryable: true, reason: "rollup_error"), serviceName: "Slack", request: request, response: text(500, "rollup_error"))
        case nil: return AttemptResult(verdict: .accepted(externalID: nil), serviceName: "Slack", request: request, response: text(200, "ok"))
        }
    }

    // MARK: Microsoft Teams

    /// Incoming webhooks take an Adaptive Card and answer `1`; the bot API posts an activity to the
    /// conversation (`smba.trafficmanager.net/amer/v3/conversations/{id}/activities`).
    static func teams(_ chat: RenderedChat, _ d: Destination, webhookURL: String?, seed: String, failure: SimulatedFailure?) -> AttemptResult {
        let card: JSONObject = ["type": "message", "attachments": [[
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": ["type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": "1.4",
                        "body": [["type": "TextBlock", "text": .string(chat.markdown), "wrap": true]]]]]]
        if let webhookURL {
            let t = target(webhookURL)
            let request = LoggedRequest(method: "POST", host: t.host, path: t.path, query: t.query, headers: ["Content-Type": "application/json"],
                                        body: .object(payload(chat, fallback: card)))
            func text(_ status: Int, _ s: String) -> LoggedResponse { LoggedResponse(status: status, headers: ["Content-Type": "text/plain"], body: .string(s)) }
            switch failure {
            case .bounce: return AttemptResult(verdict: .bounced(reason: "Webhook not found"), serviceName: "Microsoft Teams", request: request, response: text(404, "Webhook not found"))
            case .fatal: return AttemptResult(verdict: .failed(retryable: false, reason: "Bad payload received by generic incoming webhook."), serviceName: "Microsoft Teams", request: request, response: text(400, "Bad payload received by generic incoming webhook."))
            case .transient: return AttemptResult(verdict: .failed(retryable: true, reason: "Microsoft Teams endpoint returned HTTP error 429"), serviceName: "Microsoft Teams", request: request, response: text(429, "Microsoft Teams endpoint returned HTTP error 429"))
            case nil: return AttemptResult(verdict: .accepted(externalID: nil), serviceName: "Microsoft Teams", request: request, response: text(200, "1"))
            }
        }
        var activity: JSONObject = ["type": "message", "textFormat": "markdown", "text": .string(chat.markdown)]
        if let json = chat.json, case .object(let o) = json { activity = o }
        let request = LoggedRequest(method: "POST", host: "smba.trafficmanager.net", path: "/amer/v3/conversations/\(d.address)/activities",
                                    headers: ["Authorization": .string("Bearer \(Wire.redacted)"), "Content-Type": "application/json"],
                                    body: .object(activity))
        func error(_ status: Int, _ code: String, _ message: String) -> LoggedResponse {
            LoggedResponse(status: status, body: ["error": ["code": .string(code), "message": .string(message)]])
        }
        switch failure {
        case .bounce: return AttemptResult(verdict: .bounced(reason: "ConversationNotFound"), serviceName: "Microsoft Teams", request: request, response: error(404, "ConversationNotFound", "Conversation not found."))
        case .fatal: return AttemptResult(verdict: .failed(retryable: false, reason: "BotNotInConversationRoster"), serviceName: "Microsoft Teams", request: request, response: error(403, "BotNotInConversationRoster", "The bot is not part of the conversation roster."))
        case .transient: return AttemptResult(verdict: .failed(retryable: true, reason: "ServiceError"), serviceName: "Microsoft Teams", request: request, response: error(503, "ServiceError", "Service unavailable."))
        case nil:
            let id = "1:" + DeterministicID.base62(seed, length: 20)
            return AttemptResult(verdict: .accepted(externalID: id), serviceName: "Microsoft Teams", request: request, response: LoggedResponse(status: 201, body: ["id": .string(id)]))
        }
    }

    // MARK: Discord

    /// Webhooks (`discord.com/api/webhooks/{id}/{token}`, 204) or the bot API (`/api/v10/channels/{id}/messages`, 200 with the message).
    static func discord(_ chat: RenderedChat, _ d: Destination, webhookURL: String?, seed: String, now: Date, failure: SimulatedFailure?) -> AttemptResult {
        let body = payload(chat, fallback: ["content": .string(chat.markdown)])
        let request: LoggedRequest
        if let webhookURL {
            let t = target(webhookURL)
            request = LoggedRequest(method: "POST", host: t.host, path: t.path, query: t.query, headers: ["Content-Type": "application/json"], body: .object(body))
        } else {
            request = LoggedRequest(method: "POST", host: "discord.com", path: "/api/v10/channels/\(d.address)/messages",
                                    headers: ["Authorization": .string("Bot \(Wire.redacted)"), "Content-Type": "application/json"], body: .object(body))
        }
        func error(_ status: Int, _ code: Int, _ message: String) -> LoggedResponse {
            LoggedResponse(status: status, body: ["message": .string(message), "code": .int(code)])
        }
        switch failure {
        case .bounce: return AttemptResult(verdict: .bounced(reason: "Unknown Channel"), serviceName: "Discord", request: request, response: error(404, 10003, "Unknown Channel"))
        case .fatal: return AttemptResult(verdict: .failed(retryable: false, reason: "Missing Access"), serviceName: "Discord", request: request, response: error(403, 50001, "Missing Access"))
        case .transient:
            return AttemptResult(verdict: .failed(retryable: true, reason: "You are being rate limited."), serviceName: "Discord", request: request,
                                 response: LoggedResponse(status: 429, body: ["message": "You are being rate limited.", "retry_after": 1.0, "global": false]))
        case nil:
            if webhookURL != nil {
                return AttemptResult(verdict: .accepted(externalID: nil), serviceName: "Discord", request: request, response: LoggedResponse(status: 204, headers: [:], body: ""))
            }
            // Snowflake-shaped id: milliseconds since the Discord epoch, shifted, plus seeded low bits.
            let ms = max(0, Int64(now.timeIntervalSince1970 * 1000) - 1_420_070_400_000)
            let id = String(ms << 22 | (Int64(DeterministicID.digits(seed, length: 6)) ?? 0) & 0x3FFFFF)
            return AttemptResult(verdict: .accepted(externalID: id), serviceName: "Discord", request: request,
                                 response: LoggedResponse(status: 200, body: ["id": .string(id), "type": 0, "channel_id": .string(d.address),
                                                                              "content": body["content"] ?? "", "timestamp": .string(ProviderTimestamp.string(now))]))
        }
    }
}
