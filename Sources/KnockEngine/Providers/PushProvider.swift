import Foundation
import KnockCore

/// Push through a simulated APNs, FCM (HTTP v1) or Expo; other push providers (SNS, OneSignal) get a
/// generic request on a synthetic host. Ends `sent` (push has no delivery tracking, §4.2).
///
/// Destinations are the recipient's channel data: `tokens`, `devices[].token`, `target_arns`,
/// `devices[].target_arn` or `player_ids` (deduplicated, in order). None ⇒ the step is skipped
/// (`recipient_missing_channel_data`). One message covers every token, with one request (and one
/// delivery log) per token; the contents show the first token. A token that bounces is reported in
/// `outcome.bouncedTokens` and in the `message.bounced` event's `token`.
///
/// ```swift
/// let outcome = PushProvider(provider: "fcm").deliver(DeliveryRequest(
///     messageID: id, channel: fcmChannel, recipient: ["id": "u1"], channelData: ["tokens": ["tok-1", "tok-2"]],
///     content: .push(RenderedPush(title: "Hi", body: "New comment")), now: now))
/// outcome.deliveryLogs.count   // 2, one per token
/// ```
public struct PushProvider: Provider {
    public var provider: String
    public init(provider: String) { self.provider = provider }

    public var acceptedStatus: MessageDeliveryStatus { .sent }

    public func destinations(for request: DeliveryRequest) -> Result<[Destination], DeliverySkipReason> {
        let data = request.channelData ?? .null
        var seen = Set<String>()
        var out: [Destination] = []
        func add(_ token: JSON?, _ device: JSON = .null) {
            guard let t = Wire.text(token), seen.insert(t).inserted else { return }
            out.append(Destination(kind: .pushToken, address: t, index: out.count, detail: device))
        }
        for key in ["tokens", "target_arns", "player_ids"] { for t in data[key]?.arrayValue ?? [] { add(t) } }
        for device in data["devices"]?.arrayValue ?? [] { add(device["token"] ?? device["target_arn"], device) }
        return out.isEmpty ? .failure(.missingChannelData) : .success(out)
    }

    public func contents(for request: DeliveryRequest, destinations: [Destination]) -> JSON {
        let p = push(request)
        return ["__typename": "MessagePushContent", "token": .string(destinations.first?.address ?? ""),
                "title": .string(p.title), "body": .string(p.body), "data": p.data.map(JSON.object) ?? .null]
    }

    public func attempt(_ request: DeliveryRequest, to destination: Destination, attempt: Int, failure: SimulatedFailure?) -> AttemptResult {
        let seed = "\(request.messageID)/\(provider)/\(attempt)/\(destination.index)"
        switch provider {
        case "apns": return apns(request, destination.address, seed, failure)
        case "fcm": return fcm(request, destination.address, seed, failure)
        case "expo": return expo(request, destination.address, seed, failure)
        default:
            let p = push(request)
            var body: JSONObject = ["token": .string(destination.address), "title": .string(p.title)]
            if !p.silent { body["body"] = .string(p.body) }
            body["data"] = .object(payloadData(request))
            return GenericWire.exchange(provider: provider, path: "/push", body: body, seed: seed, failure: failure,
                                        bounceReason: "endpoint disabled: \(destination.address)", fatalReason: "invalid token: \(destination.address)")
        }
    }

    public func summary(for request: DeliveryRequest) -> OutboxEntry.Summary {
        let p = push(request)
        return OutboxEntry.Summary(title: p.title, text: p.body)
    }

    // MARK: APNs — POST https://api.push.apple.com/3/device/{token}

    private func apns(_ request: DeliveryRequest, _ token: String, _ seed: String, _ failure: SimulatedFailure?) -> AttemptResult {
        let p = push(request)
        var aps: JSONObject
        if p.silent {
            aps = ["content-available": 1]
        } else {
            aps = ["alert": ["title": .string(p.title), "body": .string(p.body)], "sound": "default"]
        }
        var body: JSONObject = ["aps": .object(aps)]
        for (k, v) in payloadData(request) { body[k] = v }
        let settings = request.channel.settings
        let host = Wire.text(settings["environment"]) == "development" ? "api.sandbox.push.apple.com" : "api.push.apple.com"
        let headers: JSONObject = [
            "authorization": .string("bearer \(Wire.redacted)"), "apns-push-type": p.silent ? "background" : "alert",
            "apns-priority": p.silent ? "5" : "10", "apns-topic": .string(Wire.text(settings["bundle_id"]) ?? "app.knocksh.local"),
            "content-type": "application/json"]
        let logged = LoggedRequest(method: "POST", host: host, path: "/3/device/\(token)", headers: headers, body: .object(body))
        let apnsID = DeterministicID.uuid(seed).uuidString
        func error(_ status: Int, _ reason: String, timestamp: Bool = false) -> LoggedResponse {
            var body: JSONObject = ["reason": .string(reason)]
            if timestamp { body["timestamp"] = .int(Int(request.now.timeIntervalSince1970 * 1000)) }
            return LoggedResponse(status: status, headers: ["apns-id": .string(apnsID)], body: .object(body))
        }
        switch failure {
        case .bounce:
            return AttemptResult(verdict: .bounced(reason: "Unregistered"), serviceName: "APNs", request: logged, response: error(410, "Unregistered", timestamp: true))
        case .fatal:
            return AttemptResult(verdict: .failed(retryable: false, reason: "BadDeviceToken"), serviceName: "APNs", request: logged, response: error(400, "BadDeviceToken"))
        case .transient:
            return AttemptResult(verdict: .failed(retryable: true, reason: "ServiceUnavailable"), serviceName: "APNs", request: logged, response: error(503, "ServiceUnavailable"))
        case nil:
            return AttemptResult(verdict: .accepted(externalID: apnsID), serviceName: "APNs", request: logged,
                                 response: LoggedResponse(status: 200, headers: ["apns-id": .string(apnsID)], body: ""))
        }
    }

    // MARK: FCM HTTP v1 — POST https://fcm.googleapis.com/v1/projects/{project}/messages:send

    private func fcm(_ request: DeliveryRequest, _ token: String, _ seed: String, _ failure: SimulatedFailure?) -> AttemptResult {
        let p = push(request)
        let project = Wire.text(request.channel.settings["project_id"]) ?? "knocksh-local"
        var message: JSONObject = ["token": .string(token)]
        if !p.silent { message["notification"] = ["title": .string(p.title), "body": .string(p.body)] }
        // FCM data values must be strings.
        message["data"] = .object(payloadData(request).mapValues { v in v.stringValue.map(JSON.string) ?? .string(v.serialized()) })
        let logged = LoggedRequest(method: "POST", host: "fcm.googleapis.com", path: "/v1/projects/\(project)/messages:send",
                                   headers: ["Authorization": .string("Bearer \(Wire.redacted)"), "Content-Type": "application/json"],
                                   body: ["message": .object(message)])
        func error(_ code: Int, _ status: String, _ message: String, _ fcmCode: String) -> LoggedResponse {
            LoggedResponse(status: code, body: ["error": [
                "code": .int(code), "message": .string(message), "status": .string(status),
                "details": [["@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": .string(fcmCode)]]]])
        }
        switch failure {
        case .bounce:
            return AttemptResult(verdict: .bounced(reason: "UNREGISTERED"), serviceName: "FCM", request: logged,
                                 response: error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"))
        case .fatal:
            return AttemptResult(verdict: .failed(retryable: false, reason: "INVALID_ARGUMENT"), serviceName: "FCM", request: logged,
                                 response: error(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token", "INVALID_ARGUMENT"))
        case .transient:
            return AttemptResult(verdict: .failed(retryable: true, reason: "UNAVAILABLE"), serviceName: "FCM", request: logged,
                                 response: error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE"))
        case nil:
            let name = "projects/\(project)/messages/0:\(DeterministicID.digits(seed, length: 16))%\(DeterministicID.hex(seed + "/suffix", length: 16))"
            return AttemptResult(verdict: .accepted(externalID: name), serviceName: "FCM", request: logged,
                                 response: LoggedResponse(status: 200, body: ["name": .string(name)]))
        }
    }

    // MARK: Expo — POST https://exp.host/--/api/v2/push/send

    private func expo(_ request: DeliveryRequest, _ token: String, _ seed: String, _ failure: SimulatedFailure?) -> AttemptResult {
        let p = push(request)
        var body: JSONObject = ["to": .string(token)]
        if !p.silent {
            body["title"] = .string(p.title)
            body["body"] = .string(p.body)
            body["sound"] = "default"
        }
        body["data"] = .object(payloadData(request))
        let logged = LoggedRequest(method: "POST", host: "exp.host", path: "/--/api/v2/push/send",
                                   headers: ["Authorization": .string("Bearer \(Wire.redacted)"), "Content-Type": "application/json",
                                             "Accept": "application/json"],
                                   body: .object(body))
        switch failure {
        case .bounce:
            // Expo answers 200 with an error ticket for dead tokens.
            let message = "\"\(token)\" is not a registered push notification recipient"
            return AttemptResult(verdict: .bounced(reason: "DeviceNotRegistered"), serviceName: "Expo", request: logged,
                                 response: LoggedResponse(status: 200, body: ["data": ["status": "error", "message": .string(message),
                                                                                       "details": ["error": "DeviceNotRegistered"]]]))
        case .fatal:
            let message = "\"to\" must be a valid Expo push token: \(token)"
            return AttemptResult(verdict: .failed(retryable: false, reason: message), serviceName: "Expo", request: logged,
                                 response: LoggedResponse(status: 400, body: ["errors": [["code": "VALIDATION_ERROR", "message": .string(message)]]]))
        case .transient:
            let message = "Too many requests. Please retry with exponential backoff."
            return AttemptResult(verdict: .failed(retryable: true, reason: message), serviceName: "Expo", request: logged,
                                 response: LoggedResponse(status: 429, body: ["errors": [["code": "TOO_MANY_REQUESTS", "message": .string(message)]]]))
        case nil:
            let id = UUIDText.lowercased(DeterministicID.uuid(seed))
            return AttemptResult(verdict: .accepted(externalID: id), serviceName: "Expo", request: logged,
                                 response: LoggedResponse(status: 200, body: ["data": ["status": "ok", "id": .string(id)]]))
        }
    }

    /// The custom data plus `knock_message_id`, which Knock adds to every push payload (§8.3).
    private func payloadData(_ request: DeliveryRequest) -> JSONObject {
        var data = push(request).data ?? [:]
        data["knock_message_id"] = .string(request.messageID)
        return data
    }

    private func push(_ request: DeliveryRequest) -> RenderedPush {
        if case .push(let p) = request.content { return p }
        return RenderedPush(title: "", body: "")
    }
}
