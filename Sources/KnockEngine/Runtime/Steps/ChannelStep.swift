import Foundation
import KnockCore

/// A scheduled send: a provider retry, or (`retry` nil) the first send of a message held for its
/// send window.
struct PendingDelivery {
    var request: DeliveryRequest
    var plan: DeliveryPlan
    var retry: PendingRetry?
    /// For a message held for its send window: whose it is, so a cancel finds it after its run
    /// finished and left memory (`HeldDeliveries`).
    var held: HeldDelivery? = nil
}

/// Channel steps (§1.4): per channel of the step — channel conditions, recipient data,
/// preferences, then render and hand to the simulated provider, and store what it decided:
/// the message, its contents, delivery logs, events, and the outbox entry.
extension WorkflowRuntime {
    func executeChannel(_ step: ChannelStep, _ stepRef: Step, _ run: RecipientRun) -> StepOutcome {
        let targets = channels.channels(for: step)
        guard !targets.isEmpty else {
            // A channel not configured in the environment: skipped (§1.15).
            run.refs[step.common.ref] = .skipped
            run.log("step_skipped", step: stepRef, data: ["reason": "channel_not_configured"], at: clock.now)
            return .next
        }
        var created: [String] = []
        for channel in targets {
            switch sendThrough(channel, step: step, stepRef: stepRef, run: run) {
            case .success(let id?): created.append(id)
            case .success(nil): continue
            case .failure(let error): return .failed(error.description)
            }
        }
        run.refs[step.common.ref] = created.isEmpty ? .skipped : .messages(created)
        return .next
    }

    /// One channel: the message id created, nil when skipped, or the template error that fails the step.
    private func sendThrough(_ channel: Channel, step: ChannelStep, stepRef: Step, run: RecipientRun) -> Result<String?, TemplateError> {
        let now = clock.now
        func skip(_ reason: String) -> Result<String?, TemplateError> {
            run.log("step_skipped", step: stepRef, data: ["reason": .string(reason), "channel_key": .string(channel.key)], at: now)
            return .success(nil)
        }
        let recipientJSON = recipientScope(run)
        // Made on first use: only channel conditions and preference condition rules read it.
        lazy var context = conditionContext(run, recipient: recipientJSON)
        if let group = channel.conditions, !conditions.evaluate(group, in: context) { return skip("channel_conditions_not_met") }

        let provider = SimulatedProviders.provider(for: channel, webhookResponder: configuration.webhookResponder)
        // The in-app feed needs no channel data (the feed is the recipient's own): two store
        // probes per recipient saved on the commonest fan-out.
        let usesChannelData = channel.type != .inAppFeed && channel.type != .inAppGuide
        let channelData = usesChannelData ? lookupChannelData(run.recipient, channelID: channel.id) : nil
        let tenantChannelData = usesChannelData ? run.tenant.flatMap {
            lookupChannelData(RecipientRef(collection: RecipientRef.tenantsCollection, id: $0), channelID: channel.id)
        } : nil
        // Required recipient data comes before preferences (§1.4); an override address may supply it, so only check without one.
        let hasAddressOverride = ["to_address", "to_number"].contains { step.channelOverrides?[$0] != nil } || {
            if case .sms(let t) = step.template { return t.toNumber != nil } else { return false }
        }()
        if !hasAddressOverride {
            let probe = DeliveryRequest(messageID: "probe", channel: channel, recipient: recipientJSON, channelData: channelData,
                                        tenantChannelData: tenantChannelData, content: Self.placeholder(for: channel.type), now: now)
            if case .failure(let reason) = provider.destinations(for: probe), channel.type != .http { return skip(reason.rawValue) }
        }
        let layers = PreferenceLayers(
            recipientSets: lookupPreferenceSets(run.recipient), tenantID: run.tenant,
            tenantPreferenceSet: run.tenant.flatMap { lookupTenant($0)?["settings"]?["preference_set"] },
            environmentDefault: configuration.environmentDefaultPreferences)
        let decision = preferences.decide(layers: layers, workflow: run.workflow, channel: channel, context: context)
        if !decision.send { return skip("preferences: \(decision.reason)") }
        // Send windows come after preferences (§1.4 order): outside one, the message waits.
        var opensAt: Date?
        let window = step.sendWindows.isEmpty ? SendWindowCheck.open
            : SendWindowCheck.evaluate(step.sendWindows, now: now, zone: sendWindowZone(channel, channelData: channelData, run))
        switch window {
        case .open: break
        case .opensAt(let t): opensAt = t
        case .never: return skip("no_send_window")
        }

        let messageID = KSUID.make(at: now)
        let content: RenderedContent
        do {
            content = try renderContent(step, channel: channel, context: templateContext(run, message: (messageID, now), recipient: recipientJSON),
                                        version: run.versionID)
        } catch {
            return .failure(error)
        }
        let request = DeliveryRequest(messageID: messageID, channel: channel, recipient: recipientJSON, channelData: channelData,
                                      tenantChannelData: tenantChannelData, content: content, workflowKey: run.workflow.key,
                                      now: now, sandbox: run.sandbox)
        let plan = DeliveryPlan(retries: configuration.deliveryRetries)
        if let opensAt {
            hold(request, until: opensAt, provider: provider, plan: plan, run: run, step: step)
            run.log("message_enqueued", step: stepRef,
                    data: ["channel_type": .string(channel.type.rawValue), "channel_key": .string(channel.key), "message_id": .string(messageID),
                           "scheduled_at": .string(ProviderTimestamp.string(opensAt))], at: now)
            return .success(messageID)
        }
        let outcome = provider.deliver(request, plan: plan, injector: failureInjector)
        if case .skipped(let reason) = outcome.result { return skip(reason.rawValue) }

        let record = MessageRecord(
            id: messageID, channel: channel, recipient: run.recipient, actors: Array(run.actors.prefix(10)),
            workflowKey: run.workflow.key, versionID: run.versionID, categories: run.workflow.categories,
            stepRef: step.common.ref, workflowRunID: run.workflowRunID, workflowRecipientRunID: run.id, tenant: run.tenant,
            status: outcome.status, engagement: [:], insertedAt: now, updatedAt: outcome.transitions.last?.at ?? now,
            scheduledAt: nil, data: run.data, metadata: outcome.metadata, recipientSnapshot: outcome.recipientSnapshot,
            activityIDs: run.activityIDs)
        messages.insert(record, contents: MessageContentsRecord.json(messageID: messageID, insertedAt: now, data: outcome.contents),
                        logs: outcome.deliveryLogs.map { $0.json(environmentID: configuration.environmentID) },
                        events: events(outcome, message: record))
        if let entry = outcome.outbox { messages.upsertOutbox(entry) }
        if let retry = outcome.retry {
            pendingDeliveries[messageID] = PendingDelivery(request: request, plan: plan, retry: retry)
            addTimer(at: retry.dueAt, .retryDelivery(messageID))
        }
        run.log("message_enqueued", step: stepRef,
                data: ["channel_type": .string(channel.type.rawValue), "channel_key": .string(channel.key), "message_id": .string(messageID)], at: now)
        return .success(messageID)
    }

    /// A scheduled provider retry came due: deliver again and record what changed.
    func retryDelivery(_ messageID: String) {
        guard let pending = pendingDeliveries.removeValue(forKey: messageID) else { return }
        if let held = pending.held { heldDeliveries.remove(messageID, held) }
        guard var record = messages.message(id: messageID) else { return }
        var request = pending.request
        request.now = clock.now
        let provider = SimulatedProviders.provider(for: request.channel, webhookResponder: configuration.webhookResponder)
        let outcome = provider.deliver(request, plan: pending.retry.map { pending.plan.resuming($0) } ?? pending.plan, injector: failureInjector)
        record.status = outcome.status
        record.updatedAt = outcome.transitions.last?.at ?? clock.now
        if let m = outcome.metadata { record.metadata = m }
        if let s = outcome.recipientSnapshot { record.recipientSnapshot = s }
        messages.update(record, logs: outcome.deliveryLogs.map { $0.json(environmentID: configuration.environmentID) },
                        events: events(outcome, message: record))
        if let entry = outcome.outbox { messages.upsertOutbox(entry) }
        if let retry = outcome.retry {
            pendingDeliveries[messageID] = PendingDelivery(request: request, plan: pending.plan, retry: retry)
            addTimer(at: retry.dueAt, .retryDelivery(messageID))
        }
    }

    /// Stores a message outside its send window as `queued` with `scheduled_at`, its contents
    /// rendered now, and sends it when the window opens (on the environment clock).
    private func hold(_ request: DeliveryRequest, until opensAt: Date, provider: any Provider, plan: DeliveryPlan,
                      run: RecipientRun, step: ChannelStep) {
        let destinations = (try? provider.destinations(for: request).get()) ?? []
        let record = MessageRecord(
            id: request.messageID, channel: request.channel, recipient: run.recipient, actors: Array(run.actors.prefix(10)),
            workflowKey: run.workflow.key, versionID: run.versionID, categories: run.workflow.categories,
            stepRef: step.common.ref, workflowRunID: run.workflowRunID, workflowRecipientRunID: run.id, tenant: run.tenant,
            status: .queued, engagement: [:], insertedAt: request.now, updatedAt: request.now,
            scheduledAt: opensAt, data: run.data, metadata: nil, recipientSnapshot: nil, activityIDs: run.activityIDs)
        let contents = provider.contents(for: request, destinations: destinations)
        messages.insert(record, contents: MessageContentsRecord.json(messageID: request.messageID, insertedAt: request.now, data: contents),
                        logs: [], events: [])
        let held = HeldDelivery(runID: run.id, workflowKey: run.workflow.key, cancellationKey: run.cancellationKey, recipient: run.recipient)
        pendingDeliveries[request.messageID] = PendingDelivery(request: request, plan: plan, retry: nil, held: held)
        heldDeliveries.add(request.messageID, held)
        addTimer(at: opensAt, .retryDelivery(request.messageID))
    }

    private func events(_ outcome: DeliveryOutcome, message: MessageRecord) -> [MessageEventRecord] {
        outcome.transitions.map {
            MessageEventRecord(id: KSUID.make(at: $0.at), messageID: message.id, type: $0.event.rawValue,
                               recipient: message.recipient, data: $0.data, insertedAt: $0.at)
        }
    }

    /// Content of the right type for asking a provider where a message would go.
    static func placeholder(for type: ChannelType) -> RenderedContent {
        switch type {
        case .email: return .email(RenderedEmail(subject: "", htmlBody: "", textBody: ""))
        case .sms: return .sms(RenderedSMS(body: ""))
        case .push: return .push(RenderedPush(title: "", body: ""))
        case .chat: return .chat(RenderedChat(markdown: ""))
        case .inAppFeed, .inAppGuide: return .inAppFeed(RenderedInAppFeed(blocks: []))
        case .http: return .webhook(RenderedWebhook(method: "POST", url: "https://placeholder.invalid"))
        }
    }
}
