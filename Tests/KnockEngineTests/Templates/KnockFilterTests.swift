import KnockCore
import Testing

@testable import KnockEngine

@Suite("Knock filters")
struct KnockFilterTests {
    @Test(arguments: [
        ("{{ '2024-01-01T00:30:00Z' | timezone: 'America/New_York' }}", "2023-12-31T19:30:00-05:00"),
        ("{{ '2024-07-01T00:30:00Z' | timezone: 'Europe/Paris' }}", "2024-07-01T02:30:00+02:00"),
        ("{{ '2024-07-01T00:30:00Z' | timezone: 'UTC' }}", "2024-07-01T00:30:00Z"),
        ("{{ '2024-01-01T00:30:00Z' | timezone: 'America/New_York' | date: '%H:%M %z' }}", "19:30 -0500"),
        ("{{ '2024-01-01T19:30:00Z' | date: '%-I:%M %p %Z', 'America/New_York' }}", "2:30 PM EST"),
        ("{{ '2024-07-01T19:30:00Z' | date: '%-I:%M %p %Z', 'America/New_York' }}", "3:30 PM EDT"),
        ("{{ 10000 | format_number: 'en' }}", "10,000"),
        ("{{ 1234.5 | format_number: 'en-US' }}", "1,234.5"),
        ("{{ 10000 | format_number: 'de' }}", "10.000"),
        ("{{ 10 | currency: 'GBP', 'en' }}", "£10.00"),
        ("{{ 1234.5 | currency }}", "$1,234.50"),
        ("{{ 10.99 | rounded_currency: 'GBP', 'en' }}", "£11"),
        ("{{ 10.5 | rounded_currency }}", "$11"),
        ("{{ data.items[0] | json }}", #"{"name":"apple","price":3,"kind":"fruit"}"#),
        ("{{ 'a\"b' | json }}", #""a\"b""#),
        ("{{ nothing | json }}", "null"),
        ("{% assign o = '{\"a\": [1, {\"b\": \"c\"}]}' | from_json %}{{ o.a[1].b }}", "c"),
        ("{{ 1 | pluralize: 'user', 'users' }}", "user"),
        ("{{ 2 | pluralize: 'user', 'users' }}", "users"),
        ("{{ 0 | pluralize: 'user', 'users' }}", "users"),
        ("{{ '1' | pluralize: 'user', 'users' }}", "user"),
        ("{{ 'my project name' | titlecase }}", "My Project Name"),
        ("{{ 'my_project-name' | titlecase }}", "My Project Name"),
        ("{{ 'hello' | md5 }}", "5d41402abc4b2a76b9719d911017c592"),
        ("{{ '' | md5 }}", "d41d8cd98f00b204e9800998ecf8427e"),
        ("{{ 'hello' | sha256 }}", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
        ("{{ 'The quick brown fox jumps over the lazy dog' | hmac_sha256: 'key' }}",
         "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"),
        ("{{ 'a,b,c,b' | split: ',' | intersect: tags | join: ',' }}", "a,b,c"),
        ("{{ tags | intersect: numbers | size }}", "0"),
        ("{{ '# Hello' | from_markdown }}", "<h1>Hello</h1>"),
        ("{{ '1.0.0' | compare_versions: '2.0.0' }}", "-1"),
        ("{{ '1.10.0' | compare_versions: '1.9.3' }}", "1"),
        ("{{ 'v1.2.3' | compare_versions: '1.2.3' }}", "0"),
        ("{{ '1.2.3-beta' | compare_versions: '1.2.3' }}", "-1"),
        ("{{ '1.2.3-alpha.2' | compare_versions: '1.2.3-alpha.10' }}", "-1"),
    ])
    func knockFilters(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test(arguments: [
        ("{{ '2023-12-31T14:30:45Z' | format_date_in_locale: 'en-US' }}", "12/31/23"),
        ("{{ '2023-12-31T14:30:45Z' | format_date_in_locale: 'en-GB', 'long' }}", "31 December 2023"),
        ("{{ '2023-12-31T14:30:45Z' | format_date_in_locale: 'en-US', 'medium' }}", "Dec 31, 2023"),
        ("{{ '2023-12-31T14:30:45Z' | format_date_in_locale: 'en-US', 'full' }}", "Sunday, December 31, 2023"),
    ])
    func localeDates(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test func localeDateTimeHasDateAndTime() throws {
        let text = try render("{{ '2023-12-31T14:30:45Z' | format_datetime_in_locale: 'en-GB', 'medium', 'short' }}")
        #expect(text.contains("31 Dec 2023"))
        #expect(text.contains("14:30"))
    }

    @Test func entityLoadersUseTheConfiguredLoader() throws {
        let template = try LiquidTemplate(
            parsing: """
                {% assign u = "chris" | user %}{{ u.name }}|{% assign p = "proj_1" | object: "projects" %}{{ p.title }}|\
                {{ "acme" | tenant | map: "id" }}|{{ "chris" | subscriptions | size }}|{{ "nobody" | user | default: "none" }}
                """)
        var options = LiquidRenderOptions()
        options.loadEntity = { request in
            switch request {
            case .user(id: "chris"): return ["id": "chris", "name": "Chris"]
            case .object(collection: "projects", id: "proj_1"): return ["id": "proj_1", "title": "Apollo"]
            case .tenant(let id): return ["id": .string(id)]
            case .subscriptions: return [["object": ["id": "o1"]], ["object": ["id": "o2"]]]
            default: return nil
            }
        }
        #expect(try template.render([:], options: options) == "Chris|Apollo|acme|2|none")
        #expect(try template.render([:]) == "|||0|none")
    }
}
