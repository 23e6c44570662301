import Foundation
import KnockCore
import Testing
@testable import KnockAPI

/// The catalog against Knock's OpenAPI spec, through `scripts/catalog-vs-spec.py` (PyYAML).
@Suite struct CatalogSpecTests {
    @Test func everyParameterMatchesTheSpec() throws {
        let result = try runCheck(Catalog.json())
        #expect(result.status == 0, "catalog and spec disagree:\n\(result.output)")
        #expect(result.output.contains("0 difference(s)"))
    }

    /// The check is real: a renamed parameter, a flipped required flag, a wrong tier and a
    /// missing parameter are each reported.
    @Test func theCheckFailsWhenTheCatalogDrifts() throws {
        guard case .array(var entries) = Catalog.json() else { Issue.record("not an array"); return }
        let list = entries.firstIndex { $0["id"] == "users list" }!
        var params = entries[list]["parameters"]!.arrayValue!
        let pageSize = params.firstIndex { $0["name"] == "page_size" }!
        params[pageSize]["name"] = "pagesize"
        entries[list]["parameters"] = .array(params)

        let trigger = entries.firstIndex { $0["id"] == "workflows trigger" }!
        var triggerParams = entries[trigger]["parameters"]!.arrayValue!
        let recipients = triggerParams.firstIndex { $0["name"] == "recipients" }!
        triggerParams[recipients]["required"] = false
        triggerParams.removeAll { $0["name"] == "cancellation_key" }
        entries[trigger]["parameters"] = .array(triggerParams)
        entries[trigger]["tier"] = 4

        let result = try runCheck(.array(entries))
        #expect(result.status == 1)
        #expect(result.output.contains("users list (GET /v1/users): query parameter pagesize is not in the spec"))
        #expect(result.output.contains("users list (GET /v1/users): missing query parameter page_size"))
        #expect(result.output.contains("body parameter recipients: required False, spec says True"))
        #expect(result.output.contains("missing body parameter cancellation_key"))
        #expect(result.output.contains("tier 4, spec says 5"))
    }

    /// Spec operations under /v1 that no catalog entry or alias covers: outside the seed's 75
    /// endpoints (guides, MS Teams, granular preference updates, the legacy `/v1/notify` pair whose
    /// body names the workflow, ...). A new entry or alias shrinks it, so the list never goes stale.
    static let notInCatalog: Set<String> = [
        "DELETE /v1/objects/{collection}/{object_id}/preferences/{id} (deleteObjectPreferenceSet)",
        "DELETE /v1/users/{user_id}/guides/messages/archived (markUserGuideAsUnarchived)",
        "DELETE /v1/users/{user_id}/preferences/{id} (deleteUserPreferenceSet)",
        "GET /v1/providers/ms-teams/{channel_id}/auth_check (msTeamsProviderAuthCheck)",
        "GET /v1/providers/ms-teams/{channel_id}/channels (listChannelsForMsTeamsProvider)",
        "GET /v1/providers/ms-teams/{channel_id}/teams (listTeamsForMsTeamsProvider)",
        "GET /v1/users/{user_id}/feeds/{id}/settings (getUserInAppFeedSettings)",
        "GET /v1/users/{user_id}/guides/{channel_id} (listUserGuides)",
        "GET /v1/users/{user_id}/preference_center/config (getPreferenceCenterConfig)",
        "POST /v1/integrations/census/custom-destination (processCensusRpcRequest)",
        "POST /v1/integrations/hightouch/embedded-destination (processHightouchRpcRequest)",
        "POST /v1/notify (triggerWorkflow (2))",
        "POST /v1/notify/cancel (cancelWorkflow)",
        "POST /v1/objects/{collection}/bulk/subscriptions/delete (bulkDeleteSubscriptions)",
        "POST /v1/schedules/bulk/create (bulkCreateSchedules)",
        "POST /v1/tenants/bulk/delete (bulkDeleteTenants)",
        "POST /v1/tenants/bulk/set (bulkSetTenants)",
        "POST /v1/users/{user_id}/preference_center/signed_url (generatePreferenceCenterSignedUrl)",
        "PUT /v1/objects/{collection}/{object_id}/preferences/{id}/categories (updateObjectPreferenceCategories)",
        "PUT /v1/objects/{collection}/{object_id}/preferences/{id}/categories/{key} (updateObjectPreferenceCategory)",
        "PUT /v1/objects/{collection}/{object_id}/preferences/{id}/channel_types (updateObjectPreferenceChannelTypes)",
        "PUT /v1/objects/{collection}/{object_id}/preferences/{id}/channel_types/{type} (updateObjectPreferenceChannelType)",
        "PUT /v1/objects/{collection}/{object_id}/preferences/{id}/workflows (updateObjectPreferenceWorkflows)",
        "PUT /v1/objects/{collection}/{object_id}/preferences/{id}/workflows/{key} (updateObjectPreferenceWorkflow)",
        "PUT /v1/providers/ms-teams/{channel_id}/revoke_access (msTeamsProviderRevokeAccess)",
        "PUT /v1/users/{user_id}/guides/engagements/reset (resetUserGuideEngagement)",
        "PUT /v1/users/{user_id}/guides/messages/archived (markUserGuideAsArchived (2))",
        "PUT /v1/users/{user_id}/guides/messages/interacted (markUserGuideAsInteracted (2))",
        "PUT /v1/users/{user_id}/guides/messages/seen (markUserGuideAsSeen (2))",
        "PUT /v1/users/{user_id}/guides/messages/{message_id}/archived (markUserGuideAsArchived)",
        "PUT /v1/users/{user_id}/guides/messages/{message_id}/interacted (markUserGuideAsInteracted)",
        "PUT /v1/users/{user_id}/guides/messages/{message_id}/seen (markUserGuideAsSeen)",
        "PUT /v1/users/{user_id}/preferences/{id}/categories (updateUserPreferenceCategories)",
        "PUT /v1/users/{user_id}/preferences/{id}/categories/{key} (updateUserPreferenceCategory)",
        "PUT /v1/users/{user_id}/preferences/{id}/channel_types (updateUserPreferenceChannelTypes)",
        "PUT /v1/users/{user_id}/preferences/{id}/channel_types/{type} (updateUserPreferenceChannelType)",
        "PUT /v1/users/{user_id}/preferences/{id}/workflows (updateUserPreferenceWorkflows)",
        "PUT /v1/users/{user_id}/preferences/{id}/workflows/{key} (updateUserPreferenceWorkflow)",
    ]

    @Test func theSpecOperationsOutsideTheCatalogAreTheKnownOnes() throws {
        let result = try runCheck(Catalog.json())
        let listed = result.output.split(separator: "\n").filter { $0.hasPrefix("not in the catalog: ") }
            .map { String($0.dropFirst("not in the catalog: ".count)) }
        #expect(listed.count == Self.notInCatalog.count)
        #expect(Set(listed).subtracting(Self.notInCatalog).isEmpty, "newly uncovered: \(Set(listed).subtracting(Self.notInCatalog).sorted())")
        #expect(Self.notInCatalog.subtracting(listed).isEmpty, "covered now, drop from the list: \(Self.notInCatalog.subtracting(listed).sorted())")
        // The message aliases are covered by their entries.
        #expect(!listed.contains { $0.hasPrefix("DELETE /v1/messages/") })
    }

    /// An alias is checked like its entry: it must exist in the spec under the entry's method and
    /// take the same path parameters.
    @Test func aBadAliasIsReported() throws {
        guard case .array(var entries) = Catalog.json() else { Issue.record("not an array"); return }
        let unseen = entries.firstIndex { $0["id"] == "messages unmark-seen" }!
        #expect(entries[unseen]["aliases"] == ["/v1/messages/{message_id}/unseen"])
        entries[unseen]["aliases"] = ["/v1/messages/{id}/unseen", "/v1/messages/{message_id}/nothing"]
        let read = entries.firstIndex { $0["id"] == "messages mark-read" }!
        entries[read]["aliases"] = ["/v1/messages/{message_id}/unread"]   // DELETE in the spec, not PUT

        let result = try runCheck(.array(entries))
        #expect(result.status == 1)
        #expect(result.output.contains("messages unmark-seen (alias DELETE /v1/messages/{id}/unseen): path parameters ['id'], the entry has ['message_id']"))
        #expect(result.output.contains("messages unmark-seen (alias DELETE /v1/messages/{message_id}/nothing): not in the spec"))
        #expect(result.output.contains("messages mark-read (alias PUT /v1/messages/{message_id}/unread): not in the spec"))
    }

    func runCheck(_ catalog: JSON) throws -> (status: Int32, output: String) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).json")
        try catalog.serialized().write(to: dump, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dump) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", root.appendingPathComponent("scripts/catalog-vs-spec.py").path,
            root.appendingPathComponent("spec/knock-openapi.yml").path, dump.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
