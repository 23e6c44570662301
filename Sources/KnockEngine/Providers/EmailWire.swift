import Foundation
import KnockCore

/// Request and response shapes of the email providers EmailProvider simulates.
///
/// Providers that report bounces asynchronously (SendGrid, Resend, Mailgun) accept the request
/// (2xx in the log) and the bounce arrives "later" as the verdict; Postmark refuses inactive
/// recipients at send time (HTTP 422, ErrorCode 406), so its log shows the error.
enum EmailWire {
    struct Mail {
        var messageID: String
        var from: String
        var to: String
        var content: RenderedEmail
        var settings: JSONObject
        var seed: String
        var now: Date
    }

    static let bounceDetails = "550 5.1.1 The email account that you tried to reach does not exist."

    static func exchange(provider: String, mail: Mail, failure: SimulatedFailure?) -> AttemptResult {
        switch provider {
        case "postmark": return postmark(mail, failure)
        case "sendgrid": return sendgrid(mail, failure)
        case "resend": return resend(mail, failure)
        case "mailgun": return mailgun(mail, failure)
        default: return generic(provider, mail, failure)
        }
    }

    // MARK: Postmark — POST https://api.postmarkapp.com/email

    static func postmark(_ m: Mail, _ failure: SimulatedFailure?) -> AttemptResult {
        var body: JSONObject = ["From": .string(m.from), "To": .string(m.to)]
        if let cc = m.content.cc { body["Cc"] = .string(cc) }
        if let bcc = m.content.bcc { body["Bcc"] = .string(bcc) }
        if let r = m.content.replyTo { body["ReplyTo"] = .string(r) }
        body["Subject"] = .string(m.content.subject)
        body["HtmlBody"] = .string(m.content.htmlBody)
        body["TextBody"] = .string(m.content.textBody)
        body["MessageStream"] = .string(Wire.text(m.settings["message_stream"]) ?? "outbound")
        body["Metadata"] = ["knock_message_id": .string(m.messageID)]
        var headers = Wire.jsonHeaders
        headers["X-Postmark-Server-Token"] = .string(Wire.redacted)
        let request = LoggedRequest(method: "POST", host: "api.postmarkapp.com", path: "/email", headers: headers, body: .object(body))
        func error(_ status: Int, _ code: Int, _ message: String) -> LoggedResponse {
            LoggedResponse(status: status, body: ["ErrorCode": .int(code), "Message": .string(message)])
        }
        switch failure {
        case .bounce:
            let message = "You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: \(m.to). Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression."
            return AttemptResult(verdict: .bounced(reason: message), serviceName: "Postmark", request: request, response: error(422, 406, message))
        case .fatal:
            let message = "Invalid 'To' address: '\(m.to)'."
            return AttemptResult(verdict: .failed(retryable: false, reason: message), serviceName: "Postmark", request: request, response: error(422, 300, message))
        case .transient:
            let message = "Service unavailable: Postmark is temporarily down for maintenance."
            return AttemptResult(verdict: .failed(retryable: true, reason: message), serviceName: "Postmark", request: request, response: error(503, 100, message))
        case nil:
            let id = UUIDText.lowercased(DeterministicID.uuid(m.seed))
            let response = LoggedResponse(status: 200, body: [
                "To": .string(m.to), "SubmittedAt": .string(ProviderTimestamp.string(m.now)),
                "MessageID": .string(id), "ErrorCode": 0, "Message": "OK"])
            return AttemptResult(verdict: .accepted(externalID: id), serviceName: "Postmark", request: request, response: response)
        }
    }

    // MARK: SendGrid — POST https://api.sendgrid.com/v3/mail/send

    static func sendgrid(_ m: Mail, _ failure: SimulatedFailure?) -> AttemptResult {
        var personalization: JSONObject = ["to": [["email": .string(m.to)]]]
        if let cc = m.content.cc { personalization["cc"] = [["email": .string(cc)]] }
        if let bcc = m.content.bcc { personalization["bcc"] = [["email": .string(bcc)]] }
        var body: JSONObject = ["personalizations": [.object(personalization)], "from": address(m.from)]
        if let r = m.content.replyTo { body["reply_to"] = address(r) }
        body["subject"] = .string(m.content.subject)
        body["content"] = [["type": "text/plain", "value": .string(m.content.textBody)],
                           ["type": "text/html", "value": .string(m.content.htmlBody)]]
        body["custom_args"] = ["knock_message_id": .string(m.messageID)]
        var headers = Wire.jsonHeaders
        headers["Authorization"] = .string("Bearer \(Wire.redacted)")
        let request = LoggedRequest(method: "POST", host: "api.sendgrid.com", path: "/v3/mail/send", headers: headers, body: .object(body))
        let id = DeterministicID.base62(m.seed, length: 22)
        let accepted = LoggedResponse(status: 202, headers: ["X-Message-Id": .string(id)], body: "")
        switch failure {
        case .bounce:
            return AttemptResult(verdict: .bounced(reason: bounceDetails), serviceName: "SendGrid", request: request, response: accepted)
        case .fatal:
            let message = "Does not contain a valid address."
            return AttemptResult(verdict: .failed(retryable: false, reason: message), serviceName: "SendGrid", request: request,
                                 response: LoggedResponse(status: 400, body: ["errors": [["message": .string(message), "field": "personalizations.0.to.0.email", "help": nil]]]))
        case .transient:
            let message = "too many requests"
            return AttemptResult(verdict: .failed(retryable: true, reason: message), serviceName: "SendGrid", request: request,
                                 response: LoggedResponse(status: 429, body: ["errors": [["field": nil, "message": .string(message)]]]))
        case nil:
            return AttemptResult(verdict: .accepted(externalID: id), serviceName: "SendGrid", request: request, response: accepted)
        }
    }

    // MARK: Resend — POST https://api.resend.com/emails

    static func resend(_ m: Mail, _ failure: SimulatedFailure?) -> AttemptResult {
        var body: JSONObject = ["from": .string(m.from), "to": [.string(m.to)], "subject": .string(m.content.subject),
                                "html": .string(m.content.htmlBody), "text": .string(m.content.textBody)]
        if let cc = m.content.cc { body["cc"] = [.string(cc)] }
        if let bcc = m.content.bcc { body["bcc"] = [.string(bcc)] }
        if let r = m.content.replyTo { body["reply_to"] = [.string(r)] }
        body["tags"] = [["name": "knock_message_id", "value": .string(m.messageID)]]
        var headers = Wire.jsonHeaders
        headers["Authorization"] = .string("Bearer \(Wire.redacted)")
        let request = LoggedRequest(method: "POST", host: "api.resend.com", path: "/emails", headers: headers, body: .object(body))
        let id = UUIDText.lowercased(DeterministicID.uuid(m.seed))
        let accepted = LoggedResponse(status: 200, body: ["id": .string(id)])
        func error(_ status: Int, _ name: String, _ message: String) -> LoggedResponse {
            LoggedResponse(status: status, body: ["statusCode": .int(status), "name": .string(name), "message": .string(message)])
        }
        switch failure {
        case .bounce:
            return AttemptResult(verdict: .bounced(reason: bounceDetails), serviceName: "Resend", request: request, response: accepted)
        case .fatal:
            let message = "Invalid `to` field. Please use our testing email address instead of domains like `example.com`."
            return AttemptResult(verdict: .failed(retryable: false, reason: message), serviceName: "Resend", request: request, response: error(422, "validation_error", message))
        case .transient:
            let message = "Too many requests. You can only make 2 requests per second."
            return AttemptResult(verdict: .failed(retryable: true, reason: message), serviceName: "Resend", request: request, response: error(429, "rate_limit_exceeded", message))
        case nil:
            return AttemptResult(verdict: .accepted(externalID: id), serviceName: "Resend", request: request, response: accepted)
        }
    }

    // MARK: Mailgun — POST https://api.mailgun.net/v3/{domain}/messages (form)

    static func mailgun(_ m: Mail, _ failure: SimulatedFailure?) -> AttemptResult {
        let domain = Wire.text(m.settings["domain"]) ?? "mg.knocksh.local"
        var pairs: [(String, String)] = [("from", m.from), ("to", m.to)]
        if let cc = m.content.cc { pairs.append(("cc", cc)) }
        if let bcc = m.content.bcc { pairs.append(("bcc", bcc)) }
        if let r = m.content.replyTo { pairs.append(("h:Reply-To", r)) }
        pairs += [("subject", m.content.subject), ("html", m.content.htmlBody), ("text", m.content.textBody),
                  ("v:knock_message_id", m.messageID)]
        let request = LoggedRequest(method: "POST", host: "api.mailgun.net", path: "/v3/\(domain)/messages",
                                    headers: ["Content-Type": "application/x-www-form-urlencoded", "Authorization": .string("Basic \(Wire.redacted)")],
                                    body: .string(Wire.form(pairs)))
        let id = "<\(ProviderTimestamp.string(m.now).filter(\.isNumber).prefix(14)).\(DeterministicID.hex(m.seed, length: 16))@\(domain)>"
        let accepted = LoggedResponse(status: 200, body: ["id": .string(id), "message": "Queued. Thank you."])
        switch failure {
        case .bounce:
            return AttemptResult(verdict: .bounced(reason: bounceDetails), serviceName: "Mailgun", request: request, response: accepted)
        case .fatal:
            let message = "to parameter is not a valid address. please check documentation"
            return AttemptResult(verdict: .failed(retryable: false, reason: message), serviceName: "Mailgun", request: request,
                                 response: LoggedResponse(status: 400, body: ["message": .string(message)]))
        case .transient:
            let message = "Too many requests"
            return AttemptResult(verdict: .failed(retryable: true, reason: message), serviceName: "Mailgun", request: request,
                                 response: LoggedResponse(status: 429, body: ["message": .string(message)]))
        case nil:
            return AttemptResult(verdict: .accepted(externalID: id), serviceName: "Mailgun", request: request, response: accepted)
        }
    }

    // MARK: Any other email provider — a generic request on a synthetic host

    static func generic(_ provider: String, _ m: Mail, _ failure: SimulatedFailure?) -> AttemptResult {
        var body: JSONObject = ["from": .string(m.from), "to": .string(m.to), "subject": .string(m.content.subject),
                                "html": .string(m.content.htmlBody), "text": .string(m.content.textBody)]
        if let cc = m.content.cc { body["cc"] = .string(cc) }
        if let bcc = m.content.bcc { body["bcc"] = .string(bcc) }
        if let r = m.content.replyTo { body["reply_to"] = .string(r) }
        return GenericWire.exchange(provider: provider, path: "/email", body: body, seed: m.seed, failure: failure,
                                    bounceReason: bounceDetails, fatalReason: "invalid recipient address: \(m.to)")
    }

    /// SendGrid's `{email, name?}` from `"Name <address>"`.
    static func address(_ s: String) -> JSON {
        if let open = s.lastIndex(of: "<"), let close = s.lastIndex(of: ">"), open < close {
            let name = s[..<open].trimmingCharacters(in: .whitespaces)
            let email = String(s[s.index(after: open)..<close])
            return name.isEmpty ? ["email": .string(email)] : ["email": .string(email), "name": .string(name)]
        }
        return ["email": .string(s)]
    }
}

/// The request/response used for providers without a modelled wire format, on a synthetic host
/// so nobody mistakes it for the real API.
enum GenericWire {
    static func exchange(provider: String, path: String, body: JSONObject, seed: String, failure: SimulatedFailure?,
                         bounceReason: String, fatalReason: String) -> AttemptResult {
        let service = Wire.serviceName(provider)
        let request = LoggedRequest(method: "POST", host: Wire.syntheticHost(provider), path: path, headers: Wire.jsonHeaders, body: .object(body))
        func error(_ status: Int, _ code: String, _ message: String) -> LoggedResponse {
            LoggedResponse(status: status, body: ["error": ["code": .string(code), "message": .string(message)]])
        }
        switch failure {
        case .bounce:
            return AttemptResult(verdict: .bounced(reason: bounceReason), serviceName: service, request: request, response: error(422, "bounced", bounceReason))
        case .fatal:
            return AttemptResult(verdict: .failed(retryable: false, reason: fatalReason), serviceName: service, request: request, response: error(400, "invalid_recipient", fatalReason))
        case .transient:
            let message = "service temporarily unavailable"
            return AttemptResult(verdict: .failed(retryable: true, reason: message), serviceName: service, request: request, response: error(503, "unavailable", message))
        case nil:
            let id = DeterministicID.base62(seed, length: 24)
            return AttemptResult(verdict: .accepted(externalID: id), serviceName: service, request: request,
                                 response: LoggedResponse(status: 200, body: ["id": .string(id), "status": "accepted"]))
        }
    }
}
