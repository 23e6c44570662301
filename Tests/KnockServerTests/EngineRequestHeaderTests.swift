import Testing
@testable import KnockServer

/// Header lookups by name, case-insensitively and without Foundation (every request does several).
@Suite struct EngineRequestHeaderTests {
    @Test func namesMatchIgnoringASCIICaseOnly() {
        #expect("Content-Length".equalsIgnoringASCIICase("content-length"))
        #expect("X-KNOCK-USER-TOKEN".equalsIgnoringASCIICase("x-knock-user-token"))
        #expect(!"content-length".equalsIgnoringASCIICase("content-lengt"))
        // 0x2D ('-') and 0x0D differ only in the 0x20 bit, as letters' cases do: not the same name.
        #expect(!"a-b".equalsIgnoringASCIICase("a\rb"))
        #expect(!"a@b".equalsIgnoringASCIICase("a`b"))
    }

    @Test func aRepeatedHeaderReadsAsItsValuesJoined() {
        let request = EngineRequest(method: "GET", path: "/v1/users", query: nil,
                                    headers: [("Authorization", "Bearer a"), ("x-other", "1"), ("AUTHORIZATION", "Bearer b")], body: .bytes([]))
        #expect(request.header("authorization") == "Bearer a, Bearer b")
        #expect(request.header("X-Other") == "1")
        #expect(request.header("x-missing") == nil)
    }
}
