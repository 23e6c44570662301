import KnockCore
import Testing
@testable import KnockAPI

@Suite struct RequestBuilderTests {
    func endpoint(_ s: String, _ o: String) -> Endpoint { Catalog.endpoint(s, o)! }

    @Test func positionalArgumentsFillPathParametersInOrderAndAreEncoded() throws {
        let r = try RequestBuilder.build(endpoint("channel-data", "set-for-object"),
                                         arguments: ["$tenants", "acme/eu", "chan 1"], body: ["data": ["tokens": ["t1"]]])
        #expect(r.method == .put)
        #expect(r.path == "/v1/objects/%24tenants/acme%2Feu/channel_data/chan%201")
        #expect(r.body == ["data": ["tokens": ["t1"]]])
        #expect(r.endpointID == "channel-data set-for-object")
    }

    @Test func nonASCIIPathArgumentsArePercentEncodedAsUTF8() throws {
        let r = try RequestBuilder.build(endpoint("users", "get"), arguments: ["zoë"])
        #expect(r.path == "/v1/users/zo%C3%AB")
    }

    @Test func kebabOptionsBecomeSnakeCaseQueryParameters() throws {
        let r = try RequestBuilder.build(endpoint("users", "messages"), arguments: ["u1"],
                                         options: [("--page-size", 10), ("--workflow-run-id", "abc")])
        #expect(r.pathAndQuery == "/v1/users/u1/messages?page_size=10&workflow_run_id=abc")
        #expect(r.body == nil)
    }

    @Test func listsAndRecordsUseTheBracketForm() throws {
        let r = try RequestBuilder.build(endpoint("messages", "list"),
                                         options: [("--status", ["sent", "queued"]), ("--engagement-status", "read")])
        #expect(r.query.map(\.description) == ["status[]=sent", "status[]=queued", "engagement_status[]=read"])
        #expect(r.queryString == "status%5B%5D=sent&status%5B%5D=queued&engagement_status%5B%5D=read")

        let runs = try RequestBuilder.build(endpoint("workflow-recipient-runs", "list"),
                                            options: [("--recipient", ["id": "acme", "collection": "teams"])])
        #expect(runs.query.map(\.description) == ["recipient[id]=acme", "recipient[collection]=teams"])
        #expect(runs.queryString == "recipient%5Bid%5D=acme&recipient%5Bcollection%5D=teams")

        // A spec name that already ends in [] is not doubled, and objects nest inside lists.
        let schedules = try RequestBuilder.build(endpoint("schedules", "list"),
                                                 options: [("--workflow", "digest"), ("--recipients", ["u1", ["id": "p", "collection": "projects"]])])
        #expect(schedules.query.map(\.description)
            == ["workflow=digest", "recipients[]=u1", "recipients[][id]=p", "recipients[][collection]=projects"])
        #expect(schedules.queryString
            == "workflow=digest&recipients%5B%5D=u1&recipients%5B%5D%5Bid%5D=p&recipients%5B%5D%5Bcollection%5D=projects")
    }

    @Test func repeatedListOptionsAccumulate() throws {
        let r = try RequestBuilder.build(endpoint("messages", "list"),
                                         options: [("--status", "sent"), ("--page-size", 5), ("--status", "bounced")])
        #expect(r.queryString == "status%5B%5D=sent&status%5B%5D=bounced&page_size=5")
    }

    @Test func valuesArePercentEncodedAndDottedNamesStayLiteral() throws {
        let r = try RequestBuilder.build(endpoint("messages", "list"),
                                         options: [("--inserted-at.gte", "2025-01-01T00:00:00+01:00"), ("--tenant", "a&b=c d")])
        #expect(r.queryString == "inserted_at.gte=2025-01-01T00%3A00%3A00%2B01%3A00&tenant=a%26b%3Dc%20d")
    }

    @Test func aRecordForAStringParameterIsSentAsJSONText() throws {
        let r = try RequestBuilder.build(endpoint("messages", "list"), options: [("--trigger-data", ["order": 12])])
        #expect(r.query == [QueryItem("trigger_data", #"{"order":12}"#)])
    }

    @Test func bodyOptionsMergeIntoTheBodyAndWin() throws {
        let r = try RequestBuilder.build(endpoint("workflows", "trigger"), arguments: ["new-comment"],
                                         options: [("--recipients", "u2"), ("--tenant", "acme")],
                                         body: ["recipients": ["u1"], "data": ["x": 1]])
        #expect(r.path == "/v1/workflows/new-comment/trigger")
        #expect(r.body == ["recipients": ["u2"], "data": ["x": 1], "tenant": "acme"])
        #expect(r.query.isEmpty)
        #expect(r.isTrigger)
    }

    @Test func aBodyEndpointWithoutABodySendsAnEmptyRecordAndOthersSendNone() throws {
        #expect(try RequestBuilder.build(endpoint("users", "identify"), arguments: ["u1"]).body == .object([:]))
        #expect(try RequestBuilder.build(endpoint("messages", "mark-read"), arguments: ["m1"]).body == nil)
    }

    @Test func queryAndBodyParametersOfOneEndpointGoToTheirPlaces() throws {
        let r = try RequestBuilder.build(endpoint("audiences", "add-members"), arguments: ["vips"],
                                         options: [("--create-audience", true), ("--members", ["user_id": "u1"])])
        #expect(r.queryString == "create_audience=true")
        #expect(r.body == ["members": [["user_id": "u1"]]])
    }

    @Test func positionalBodyParameters() throws {
        let r = try RequestBuilder.build(endpoint("clock", "advance"), arguments: ["10m"])
        #expect(r.method == .post)
        #expect(r.path == "/_admin/clock/advance")
        #expect(r.body == ["duration": "10m"])
        #expect(try RequestBuilder.build(endpoint("clock", "advance"), arguments: [], options: [("--duration", "1h")]).body
            == ["duration": "1h"])
        #expect(throws: RequestBuildError.missingArgument(command: "clock advance", name: "duration", usage: "clock advance DURATION")) {
            try RequestBuilder.build(endpoint("clock", "advance"), arguments: [])
        }
    }

    @Test func typedBodyOptionsAreCoercedFromWords() throws {
        let r = try RequestBuilder.build(endpoint("channels", "fail-next"), arguments: ["sendgrid"],
                                         options: [("--count", "3"), ("--outcome", "bounced")])
        #expect(r.path == "/_admin/channels/sendgrid/failures")
        #expect(r.body == ["count": 3, "outcome": "bounced"])
        #expect(throws: RequestBuildError.invalidOptionValue(command: "channels fail-next", option: "--count", expected: "integer", got: "\"many\"")) {
            try RequestBuilder.build(endpoint("channels", "fail-next"), arguments: ["c"], options: [("--count", "many")])
        }
    }

    @Test func aMissingPathArgumentIsNamed() {
        let e = endpoint("preferences", "set-for-user")
        #expect(throws: RequestBuildError.missingArgument(command: "preferences set-for-user", name: "id", usage: e.usage)) {
            try RequestBuilder.build(e, arguments: ["u1"])
        }
        do {
            _ = try RequestBuilder.build(e, arguments: ["u1"])
        } catch {
            #expect(error.description.contains("missing ID"))
            #expect(error.description.contains("preferences set-for-user USER_ID ID [BODY]"))
        }
    }

    @Test func unknownOptionsErrorWithASuggestionAndTheValidOnes() {
        do {
            _ = try RequestBuilder.build(endpoint("users", "list"), arguments: [], options: [("--page-sise", 3)])
            Issue.record("expected an error")
        } catch {
            #expect(error == .unknownOption(command: "users list", option: "--page-sise", suggestion: "--page-size",
                                            valid: ["--include", "--after", "--before", "--page-size"]))
            #expect(error.description
                == "users list: unknown option --page-sise; did you mean --page-size? (valid: --include, --after, --before, --page-size)")
        }
        #expect(throws: RequestBuildError.unknownOption(command: "users get", option: "--x", suggestion: nil, valid: [])) {
            try RequestBuilder.build(endpoint("users", "get"), arguments: ["u1"], options: [("x", 1)])
        }
    }

    @Test func extraArgumentsAndMisplacedBodiesAreErrors() {
        #expect(throws: RequestBuildError.tooManyArguments(command: "users get", extra: ["u2"], usage: "users get USER_ID")) {
            try RequestBuilder.build(endpoint("users", "get"), arguments: ["u1", "u2"])
        }
        #expect(throws: RequestBuildError.bodyNotAccepted(command: "users get")) {
            try RequestBuilder.build(endpoint("users", "get"), arguments: ["u1"], body: ["a": 1])
        }
        #expect(throws: RequestBuildError.bodyNotObject(command: "users identify", got: "array")) {
            try RequestBuilder.build(endpoint("users", "identify"), arguments: ["u1"], body: [1])
        }
        #expect(throws: RequestBuildError.emptyArgument(command: "users get", name: "user_id")) {
            try RequestBuilder.build(endpoint("users", "get"), arguments: [""])
        }
    }

    @Test func snakeCaseAndBareOptionNamesAreAccepted() throws {
        let r = try RequestBuilder.build(endpoint("users", "list"), arguments: [], options: [("page_size", 2), ("--page_size", 3)])
        #expect(r.queryString == "page_size=3")
    }

    @Test func rawRequestsKeepTheirQueryAndFindTheirEndpoint() {
        let r = RawRequest.make(.get, "/v1/users/u 1/messages?status%5B%5D=sent&page_size=2")
        #expect(r.path == "/v1/users/u%201/messages")
        #expect(r.query == [QueryItem("status[]", "sent"), QueryItem("page_size", "2")])
        #expect(r.pathAndQuery == "/v1/users/u%201/messages?status%5B%5D=sent&page_size=2")
        #expect(r.endpointID == "users messages")
        #expect(RawRequest.make(.post, "v1/workflows/w/trigger").isTrigger)
    }
}
