import KnockCore

/// Decodes step objects into `Step`, recursing into branches. Internal: callers go through
/// `WorkflowDefinition(key:json:)`.
struct StepDecoder {
    /// Knock's documented limit for branch nesting.
    static let maxBranchDepth = 5
    static let modeled: Set<String> = [
        "channel", "delay", "batch", "throttle", "branch", "http_fetch", "trigger_workflow",
        "update_data", "update_user", "update_object", "update_tenant",
    ]

    func steps(_ items: [(value: JSON, path: String)], depth: Int = 0) throws -> [Step] {
        try items.map { try step($0.value, path: $0.path, depth: depth) }
    }

    func step(_ value: JSON, path: String, depth: Int) throws -> Step {
        let r = try FieldReader(value: value, path: path)
        let type = try r.string("type")
        guard let ref = try r.optionalString("ref"), !ref.isEmpty else { throw r.missing("ref") }
        // Batch and branch steps have no `conditions` in the schema; ignore any stray value there.
        let conditions = (type == "batch" || type == "branch") ? nil : try r.optionalConditionGroup("conditions")
        let common = StepCommon(type: type, ref: ref, name: try r.optionalString("name"),
                                description: try r.optionalString("description"), conditions: conditions, raw: r.object)
        switch type {
        case "channel": return .channel(try channel(r, common))
        case "delay":
            let s = try r.object("settings")
            let step = DelayStep(common: common, delayFor: try s.optionalDuration("delay_for"),
                                 delayUntilFieldPath: try s.optionalString("delay_until_field_path"))
            if step.delayFor == nil && step.delayUntilFieldPath == nil {
                throw DefinitionError(field: s.field("delay_for"), message: "one of delay_for or delay_until_field_path is required")
            }
            return .delay(step)
        case "batch": return .batch(try batch(r, common))
        case "throttle":
            let s = try r.object("settings")
            let step = ThrottleStep(common: common, window: try s.optionalDuration("throttle_window"),
                                    windowFieldPath: try s.optionalString("throttle_window_field_path"),
                                    limit: try s.optionalInt("throttle_limit", range: 1...Int.max) ?? 1,
                                    throttleKey: try s.optionalString("throttle_key"))
            if step.window == nil && step.windowFieldPath == nil {
                throw DefinitionError(field: s.field("throttle_window"), message: "one of throttle_window or throttle_window_field_path is required")
            }
            return .throttle(step)
        case "branch": return .branch(try branch(r, common, depth: depth))
        case "http_fetch":
            let s = try r.object("settings")
            return .httpFetch(HTTPFetchStep(common: common, request: try RequestTemplate(reader: s),
                                            responsePath: try s.optionalString("response_path")))
        case "trigger_workflow":
            let s = try r.object("settings")
            return .triggerWorkflow(TriggerWorkflowStep(
                common: common, workflowKey: try s.string("workflow_key"),
                recipients: try s.optionalText("recipients"), actor: try s.optionalText("actor"),
                tenant: try s.optionalText("tenant"), data: try s.optionalText("data"),
                cancellationKey: try s.optionalText("cancellation_key")))
        case "update_data":
            let s = try r.object("settings")
            guard let data = try s.optionalText("data") else { throw s.missing("data") }
            return .updateData(UpdateDataStep(common: common, data: data))
        case "update_user", "update_tenant", "update_object":
            return try update(r, common, type: type)
        default:
            return .unsupported(UnsupportedStep(common: common))
        }
    }

    private func channel(_ r: FieldReader, _ common: StepCommon) throws -> ChannelStep {
        let type = try r.requiredEnum("channel_type", ChannelType.self)
        let key = try r.optionalString("channel_key")
        let group = try r.optionalString("channel_group_key")
        switch (key, group) {
        case (nil, nil): throw DefinitionError(field: r.field("channel_key"), message: "one of channel_key or channel_group_key is required")
        case (.some, .some): throw DefinitionError(field: r.field("channel_group_key"), message: "only one of channel_key or channel_group_key may be set")
        default: break
        }
        let windows = try (r.optionalArray("send_windows") ?? []).map {
            try SendWindow(reader: try FieldReader(value: $0.value, path: $0.path))
        }
        return ChannelStep(common: common, channelType: type, channelKey: key, channelGroupKey: group,
                           template: try ChannelTemplate.decode(try r.optionalObject("template"), type: type, stepPath: r.path),
                           channelOverrides: try r.optionalObject("channel_overrides")?.object,
                           sendWindows: windows)
    }

    private func batch(_ r: FieldReader, _ common: StepCommon) throws -> BatchStep {
        let s = try r.object("settings")
        let step = BatchStep(
            common: common,
            batchKey: try s.optionalString("batch_key"),
            window: try s.optionalDuration("batch_window"),
            untilFieldPath: try s.optionalString("batch_until_field_path"),
            windowType: try s.optionalEnum("batch_window_type", BatchStep.WindowType.self) ?? .fixed,
            windowExtensionLimit: try s.optionalDuration("batch_window_extension_limit"),
            itemsMaxLimit: try s.optionalInt("batch_items_max_limit", range: 2...1000),
            itemsRenderLimit: try s.optionalInt("batch_items_render_limit", range: 1...100) ?? 10,
            order: try s.optionalEnum("batch_order", BatchStep.Order.self) ?? .asc,
            executionMode: try s.optionalEnum("batch_execution_mode", BatchStep.ExecutionMode.self) ?? .accumulate,
            versionMode: try s.optionalEnum("workflow_version_mode", BatchStep.VersionMode.self) ?? .pinned)
        if step.window == nil && step.untilFieldPath == nil {
            throw DefinitionError(field: s.field("batch_window"), message: "one of batch_window or batch_until_field_path is required")
        }
        if step.windowType == .sliding && step.windowExtensionLimit == nil {
            throw DefinitionError(field: s.field("batch_window_extension_limit"), message: "is required when batch_window_type is sliding")
        }
        return step
    }

    private func branch(_ r: FieldReader, _ common: StepCommon, depth: Int) throws -> BranchStep {
        guard depth < Self.maxBranchDepth else {
            throw DefinitionError(field: r.path, message: "branches nest deeper than \(Self.maxBranchDepth) levels")
        }
        guard let items = try r.optionalArray("branches") else { throw r.missing("branches") }
        let branches = try items.map { item -> BranchStep.Branch in
            let b = try FieldReader(value: item.value, path: item.path)
            return BranchStep.Branch(name: try b.optionalString("name"),
                                     conditions: try b.optionalConditionGroup("conditions"),
                                     steps: try steps(try b.optionalArray("steps") ?? [], depth: depth + 1),
                                     terminates: try b.optionalBool("terminates") ?? false)
        }
        if branches.filter(\.isDefault).count > 1 {
            let second = items[branches.indices.filter { branches[$0].isDefault }[1]]
            throw DefinitionError(field: "\(second.path).conditions", message: "only one default branch (without conditions) is allowed")
        }
        return BranchStep(common: common, branches: branches)
    }

    private func update(_ r: FieldReader, _ common: StepCommon, type: String) throws -> Step {
        let s = try r.object("settings")
        let mode: UpdateRecipientStep.Mode = type == "update_object"
            ? .reference
            : try s.requiredEnum("recipient_mode", UpdateRecipientStep.Mode.self)
        let gid = try s.optionalString("recipient_gid")
        if mode == .reference && gid == nil { throw s.missing("recipient_gid") }
        guard let props = try s.optionalText("update_properties") else { throw s.missing("update_properties") }
        let step = UpdateRecipientStep(common: common, recipientMode: mode, recipientGID: gid, updateProperties: props)
        switch type {
        case "update_user": return .updateUser(step)
        case "update_tenant": return .updateTenant(step)
        default: return .updateObject(step)
        }
    }
}
