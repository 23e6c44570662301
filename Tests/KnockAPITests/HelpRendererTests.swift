import Testing
@testable import KnockAPI

@Suite struct HelpRendererTests {
    let help = HelpRenderer()

    @Test func overviewListsEverySectionWithItsOperations() throws {
        let text = try help.render([])
        for section in Catalog.sections {
            #expect(text.contains("\n  \(section) "), "section \(section) missing from help")
        }
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("users identify, list, get, messages, delete, merge, bulk-identify, bulk-delete"))
        #expect(lines.contains("clock now, advance, freeze, unfreeze (local engine only)"))
        #expect(lines.contains("workflow-recipient-runs list, get"))
        // Names line up in one column.
        #expect(text.contains("\n  users                    identify,"))
    }

    @Test func sectionHelpShowsUsageAndSummaryOfEachCommand() throws {
        let text = try help.render(["users"])
        #expect(text.hasPrefix("users: 8 commands\n"))
        #expect(text.contains("  users identify USER_ID [BODY] [--option VALUE]\n      Create or update a user with the provided identification data.\n"))
        #expect(text.contains("  users get USER_ID\n"))
        #expect(try help.render(["outbox"]).contains("Local engine only"))
    }

    @Test func commandHelpShowsParametersTypesRequiredAndTier() throws {
        let text = try help.render(["workflows", "trigger"])
        #expect(text.hasPrefix("Usage: workflows trigger KEY BODY [--option VALUE]\n"))
        #expect(text.contains("POST /v1/workflows/{key}/trigger    rate limit: tier 5"))
        #expect(text.contains("  KEY  path parameter"))
        #expect(text.contains("--recipients        (string|object)[], required. The recipients to trigger the workflow for."))
        #expect(text.contains("--cancellation-key  string. "))
        #expect(!text.contains("Local engine only"))
        #expect(!text.contains("Paginated"))
    }

    @Test func commandHelpNamesTheAliasPath() throws {
        let text = try help.render(["messages", "unmark-seen"])
        #expect(text.contains("  DELETE /v1/messages/{message_id}/seen    rate limit: tier 2\n  also DELETE /v1/messages/{message_id}/unseen (the same operation)\n"))
        #expect(!(try help.render(["messages", "mark-seen"])).contains("also "))
    }

    @Test func commandHelpShowsQueryOptionsEnumsAndPagination() throws {
        let text = try help.render(["messages", "list"])
        #expect(text.contains("Query options:"))
        #expect(text.contains("--status "))
        #expect(text.contains("string[]. Limits the results to messages with the given delivery status. One of: queued, sent, delivered"))
        #expect(text.contains("--inserted-at.gte "))
        #expect(text.contains("Paginated: --all follows page_info.after"))
    }

    @Test func localEngineCommandsSayso() throws {
        let text = try help.render(["clock", "advance"])
        #expect(text.hasPrefix("Usage: clock advance DURATION\n"))
        #expect(text.contains("Local engine only: refused against a real Knock environment."))
        #expect(text.contains("DURATION  string, required. How far to move"))
        #expect(!text.contains("rate limit"))
        let fail = try help.render(["channels", "fail-next"])
        #expect(fail.contains("One of: undelivered, bounced, delivery_attempted."))
    }

    @Test func unknownTopicsSuggestTheNearestName() {
        #expect(throws: HelpError.self) { try help.render(["user"]) }
        do { _ = try help.render(["user"]) } catch {
            #expect(error.description.hasPrefix("no section \"user\"; did you mean users?"))
        }
        do { _ = try help.render(["users", "identfy"]) } catch {
            #expect(error.description.hasPrefix("no command \"users identfy\"; did you mean users identify?"))
        }
    }
}
