import Foundation
import KnockCore

extension Provider {
    /// Delivers one message: attempts, retries, logs, statuses and events.
    ///
    /// Rules (engine-semantics §4.2, §4.4):
    /// - No destination ⇒ `.skipped` (no message, no events).
    /// - Sandbox ⇒ `created → not_sent`, contents kept, nothing sent (in-app ignores sandbox).
    /// - Success ⇒ `created → queued → sent [→ delivered]`; in-app `created → delivered`.
    /// - A temporary failure ⇒ `delivery_attempted {attempt, max_attempts, retryable}` and a retry,
    ///   until success or `max_attempts` (then `undelivered {failure_reason: retries_exhausted}`).
    /// - A permanent failure ⇒ `undelivered {failure_reason: fatal_error}`; a bounce ⇒ `bounced`. No retry.
    /// - Several destinations (push tokens, chat connections) share one message: it is accepted if any
    ///   destination accepts; otherwise bounced if every failure was a bounce, else undelivered.
    ///
    /// ```swift
    /// let outcome = EmailProvider(provider: "postmark").deliver(request)
    /// outcome.status        // .delivered
    /// outcome.transitions.map(\.event.rawValue)  // ["message.created", "message.queued", "message.sent", "message.delivered"]
    /// ```
    public func deliver(_ request: DeliveryRequest, plan: DeliveryPlan = DeliveryPlan(), injector: FailureInjector? = nil) -> DeliveryOutcome {
        let all: [Destination]
        switch destinations(for: request) {
        case .failure(let reason): return .skipped(reason, maxAttempts: plan.maxAttempts)
        case .success(let d): all = d
        }
        let now = request.now
        var transitions: [StatusTransition] = []
        let resume = plan.resume
        if resume == nil { transitions.append(StatusTransition(event: .created, status: .queued, at: now)) }

        var outcome = DeliveryOutcome(
            result: .message, status: .queued, contents: contents(for: request, destinations: all), deliveryLogs: [],
            transitions: [], attempts: (resume?.attempt ?? 1) - 1, maxAttempts: plan.maxAttempts, retry: nil,
            recipientSnapshot: recipientSnapshot(for: request, destinations: all), metadata: nil, bouncedTokens: [], outbox: nil)

        if request.sandbox && honorsSandbox {
            transitions.append(StatusTransition(event: .notSent, status: .notSent, data: ["reason": "sandbox_mode"], at: now))
            outcome.status = .notSent
            outcome.transitions = transitions
            return outcome
        }
        if resume == nil && recordsSent { transitions.append(StatusTransition(event: .queued, status: .queued, at: now)) }

        // A resumed retry already used its injection; only a fresh delivery takes one.
        let injected = (canFail && resume == nil) ? injector?.take(channelID: request.channel.id) : nil
        var pending = resume?.destinations ?? all
        var anyAccepted = resume?.anyAccepted ?? false
        var externalID: String?
        var attempt = resume?.attempt ?? 1
        var final: (MessageDeliveryStatus, MessageEventType, JSONObject?)

        while true {
            var retryable: [Destination] = []
            var bounces: [(Destination, String)] = []
            var fatal: String?
            var lastTemporary: String?
            for d in pending {
                let failure = canFail ? (forced(injected, attempt: attempt, first: resume == nil) ?? FailureRules.failure(for: d, attempt: attempt)) : nil
                let r = self.attempt(request, to: d, attempt: attempt, failure: failure)
                if let service = r.serviceName, let req = r.request, let res = r.response {
                    outcome.deliveryLogs.append(DeliveryLogEntry(
                        id: DeterministicID.base62("\(request.messageID)/\(request.channel.key)/log/\(attempt)/\(d.index)"), serviceName: service,
                        request: req, response: res, insertedAt: now, attempt: attempt, destinationIndex: d.index))
                }
                switch r.verdict {
                case .accepted(let id):
                    anyAccepted = true
                    if externalID == nil { externalID = id }
                case .failed(true, let reason):
                    retryable.append(d)
                    lastTemporary = reason
                case .failed(false, let reason): fatal = reason
                case .bounced(let reason): bounces.append((d, reason))
                }
            }
            outcome.attempts = attempt
            outcome.bouncedTokens += bounces.filter { $0.0.kind == .pushToken }.map(\.0.address)

            if retryable.isEmpty || anyAccepted || attempt >= plan.maxAttempts {
                if anyAccepted {
                    final = (acceptedStatus, acceptedStatus == .delivered ? .delivered : .sent, nil)
                } else if let reason = lastTemporary {
                    final = (.undelivered, .undelivered, ["failure_reason": "retries_exhausted", "failure_details": .string(reason)])
                } else if fatal == nil, let (d, reason) = bounces.first {
                    var data: JSONObject = ["failure_reason": "bounced", "failure_details": .string(reason)]
                    if d.kind == .pushToken { data["token"] = .string(d.address) }
                    final = (.bounced, .bounced, data)
                } else {
                    final = (.undelivered, .undelivered, ["failure_reason": "fatal_error", "failure_details": .string(fatal ?? bounces.first?.1 ?? "")])
                }
                break
            }

            transitions.append(StatusTransition(
                event: .deliveryAttempted, status: .deliveryAttempted,
                data: ["attempt": .int(attempt), "max_attempts": .int(plan.maxAttempts), "retryable": true,
                       "failure_details": .string(lastTemporary ?? "")],
                at: now, attempt: attempt))
            if plan.retries == .scheduled || injected == .deliveryAttempted {
                outcome.status = .deliveryAttempted
                outcome.retry = PendingRetry(attempt: attempt + 1, dueAt: now.addingTimeInterval(plan.delay(beforeAttempt: attempt + 1)),
                                             destinations: retryable, anyAccepted: false)
                outcome.transitions = transitions
                outcome.outbox = outboxEntry(request, all, status: .deliveryAttempted, attempts: attempt)
                return outcome
            }
            pending = retryable
            attempt += 1
        }

        let (status, event, data) = final
        if status == acceptedStatus && recordsSent && status != .sent {
            transitions.append(StatusTransition(event: .sent, status: .sent, at: now, attempt: attempt))
        }
        transitions.append(StatusTransition(event: event, status: status, data: data, at: now, attempt: attempt))
        outcome.status = status
        outcome.transitions = transitions
        if let externalID { outcome.metadata = ["external_id": .string(externalID)] }
        outcome.outbox = outboxEntry(request, all, status: status, attempts: attempt)
        return outcome
    }

    /// The failure an injection forces on this attempt: undelivered/bounced on every attempt of the
    /// delivery (there is only one), delivery_attempted on the first attempt of a fresh delivery.
    private func forced(_ injected: FailureInjector.Outcome?, attempt: Int, first: Bool) -> SimulatedFailure? {
        switch injected {
        case .undelivered: return .fatal
        case .bounced: return .bounce
        case .deliveryAttempted: return first && attempt == 1 ? .transient : nil
        case nil: return nil
        }
    }

    private func outboxEntry(_ request: DeliveryRequest, _ destinations: [Destination], status: MessageDeliveryStatus, attempts: Int) -> OutboxEntry {
        OutboxEntry(messageID: request.messageID, channelID: request.channel.id, channelKey: request.channel.key,
                    channelType: request.channel.type, provider: request.channel.provider, to: destinations.map(\.address),
                    summary: summary(for: request), workflowKey: request.workflowKey, recipient: request.recipientReference,
                    insertedAt: request.now, status: status, attempts: attempts)
    }
}
