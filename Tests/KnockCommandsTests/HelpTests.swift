import KnockAPI
import KnockCommands
import KnockScript
import Testing

@Suite struct HelpTests {
    @Test func helpReadsTheCatalogAndTheRegistry() async {
        let overview = await runAPIScript("help", session: nil)
        #expect(overview.status == .passed)
        #expect(overview.output.contains("Script commands:"))
        #expect(overview.output.contains("wait message [--recipient ID]"))
        #expect(overview.output.contains("http METHOD PATH [BODY]"))
        #expect(overview.output.contains("Commands (SECTION OPERATION), from the endpoint catalog:"))

        let section = await runAPIScript("help users", session: nil)
        #expect(section.output.contains("users identify USER_ID"))

        let one = await runAPIScript("help messages delivery-logs", session: nil)
        #expect(one.output.contains("GET /v1/messages/{message_id}/delivery_logs"))
        #expect(one.output.contains("Paginated: --all"))

        let alias = await runAPIScript("help outbox", session: nil)
        #expect(alias.output.contains("outbox is outbox list."))

        let wait = await runAPIScript("help wait message", session: nil)
        #expect(wait.output.contains("usage: wait message"))

        let wrong = await runAPIScript("help userz", session: nil)
        #expect(wrong.status == .errored)
        #expect(wrong.error?.message.contains("did you mean users?") == true)
    }

    @Test func everyCatalogEntryIsACommand() async {
        let registry = KnockCommands.registry()
        for endpoint in KnockAPI.Catalog.endpoints {
            let found = registry.lookup(words: [endpoint.section, endpoint.operation])
            #expect(found?.consumedWords == 2 && (found?.command as? CatalogCommand)?.endpoint.id == endpoint.id, "\(endpoint.id)")
        }
    }
}
