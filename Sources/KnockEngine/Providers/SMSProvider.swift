import Foundation
import KnockCore

/// SMS through a simulated Twilio (other SMS providers get a generic request on a synthetic host).
/// Ends `delivered`: `created → queued → sent → delivered`.
///
/// The number is the rendered `to` override (`settings.to_number`), else `recipient.phone_number`;
/// without one the step is skipped (`recipient_missing_phone_number`). The sender is the channel's
/// `settings.from_number`, else Twilio's magic test number `+15005550006`.
///
/// ```swift
/// let outcome = SMSProvider(provider: "twilio").deliver(DeliveryRequest(
///     messageID: id, channel: smsChannel, recipient: ["id": "u1", "phone_number": "+15551234567"],
///     content: .sms(RenderedSMS(body: "Your code is 1234")), now: now))
/// outcome.deliveryLogs[0].response.body["status"]   // "queued"
/// ```
public struct SMSProvider: Provider {
    public var provider: String
    public init(provider: String) { self.provider = provider }

    public var acceptedStatus: MessageDeliveryStatus { .delivered }

    public func destinations(for request: DeliveryRequest) -> Result<[Destination], DeliverySkipReason> {
        guard let to = Wire.text(sms(request).to.map(JSON.string)) ?? Wire.text(request.recipient["phone_number"]) else {
            return .failure(.missingPhoneNumber)
        }
        return .success([Destination(kind: .phone, address: to)])
    }

    public func contents(for request: DeliveryRequest, destinations: [Destination]) -> JSON {
        ["__typename": "MessageSmsContent", "to": .string(destinations.first?.address ?? ""), "body": .string(sms(request).body)]
    }

    public func attempt(_ request: DeliveryRequest, to destination: Destination, attempt: Int, failure: SimulatedFailure?) -> AttemptResult {
        let from = Wire.text(request.channel.settings["from_number"]) ?? "+15005550006"
        let seed = "\(request.messageID)/\(provider)/\(attempt)"
        guard provider == "twilio" else {
            return GenericWire.exchange(provider: provider, path: "/sms", body: ["from": .string(from), "to": .string(destination.address), "body": .string(sms(request).body)],
                                        seed: seed, failure: failure, bounceReason: "number cannot receive SMS: \(destination.address)",
                                        fatalReason: "invalid destination number: \(destination.address)")
        }
        return twilio(request, from: from, to: destination.address, seed: seed, failure: failure)
    }

    public func summary(for request: DeliveryRequest) -> OutboxEntry.Summary { OutboxEntry.Summary(text: sms(request).body) }

    // MARK: Twilio — POST https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Messages.json (form)

    private func twilio(_ request: DeliveryRequest, from: String, to: String, seed: String, failure: SimulatedFailure?) -> AttemptResult {
        let account = Wire.text(request.channel.settings["account_sid"]) ?? "AC" + DeterministicID.hex("twilio-account/\(request.channel.key)", length: 32)
        let body = sms(request).body
        let path = "/2010-04-01/Accounts/\(account)/Messages.json"
        let logged = LoggedRequest(method: "POST", host: "api.twilio.com", path: path,
                                   headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
                                             "Authorization": .string("Basic \(Wire.redacted)")],
                                   body: .string(Wire.form([("To", to), ("From", from), ("Body", body)])))
        func error(_ status: Int, _ code: Int, _ message: String) -> LoggedResponse {
            LoggedResponse(status: status, body: ["code": .int(code), "message": .string(message),
                                                  "more_info": .string("https://www.twilio.com/docs/errors/\(code)"), "status": .int(status)])
        }
        switch failure {
        case .bounce:
            let message = "The 'To' phone number: \(to), is not currently reachable using the 'From' phone number: \(from) via SMS."
            return AttemptResult(verdict: .bounced(reason: message), serviceName: "Twilio", request: logged, response: error(400, 21614, message))
        case .fatal:
            let message = "The 'To' number \(to) is not a valid phone number."
            return AttemptResult(verdict: .failed(retryable: false, reason: message), serviceName: "Twilio", request: logged, response: error(400, 21211, message))
        case .transient:
            let message = "Too Many Requests"
            return AttemptResult(verdict: .failed(retryable: true, reason: message), serviceName: "Twilio", request: logged, response: error(429, 20429, message))
        case nil:
            let sid = "SM" + DeterministicID.hex(seed, length: 32)
            let date = Self.rfc2822(request.now)
            let response = LoggedResponse(status: 201, body: [
                "account_sid": .string(account), "api_version": "2010-04-01", "body": .string(body),
                "date_created": .string(date), "date_sent": nil, "date_updated": .string(date), "direction": "outbound-api",
                "error_code": nil, "error_message": nil, "from": .string(from), "messaging_service_sid": nil,
                "num_media": "0", "num_segments": .string(String(max(1, (body.count + 159) / 160))), "price": nil, "price_unit": "USD",
                "sid": .string(sid), "status": "queued", "to": .string(to), "uri": .string("/2010-04-01/Accounts/\(account)/Messages/\(sid).json")])
            return AttemptResult(verdict: .accepted(externalID: sid), serviceName: "Twilio", request: logged, response: response)
        }
    }

    private func sms(_ request: DeliveryRequest) -> RenderedSMS {
        if case .sms(let s) = request.content { return s }
        return RenderedSMS(body: "")
    }

    /// Twilio's date format, `Thu, 30 Jul 2015 20:12:31 +0000`, built by hand for locale independence.
    static func rfc2822(_ date: Date) -> String {
        let iso = ProviderTimestamp.string(date)  // YYYY-MM-DDTHH:MM:SS.ffffffZ
        let parts = iso.split(separator: "T")
        let ymd = parts[0].split(separator: "-").compactMap { Int($0) }
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = ymd[2] < 10 ? "0\(ymd[2])" : "\(ymd[2])"
        return "\(weekday), \(day) \(months[ymd[1] - 1]) \(ymd[0]) \(parts[1].prefix(8)) +0000"
    }
}
