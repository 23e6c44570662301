import KnockCore

/// One HTTP header as received or sent.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of a header, compared case-insensitively as HTTP requires.
    public func value(of name: String) -> String? {
        let lower = name.lowercased()
        return first { $0.name.lowercased() == lower }?.value
    }
}

/// A successful answer: status, headers and the body parsed as JSON.
///
/// ```swift
/// let response = try await client.send(request)
/// response.status          // 200
/// response.body["id"]      // .string("u1")
/// response.requestID       // x-request-id, when the server sent one
/// ```
public struct APIResponse: Sendable {
    public let status: Int
    public let headers: [HTTPHeader]
    /// The parsed body: `.null` for an empty body (204), a `.string` of the text when the body
    /// is not JSON, so nothing the server said is lost.
    public let body: JSON
    public let bodyText: String
    /// How many attempts it took (1 when no retry was needed).
    public let attempts: Int

    public init(status: Int, headers: [HTTPHeader], bodyText: String, attempts: Int) {
        self.status = status
        self.headers = headers
        self.bodyText = bodyText
        self.attempts = attempts
        self.body = APIResponse.parse(bodyText)
    }

    public var requestID: String? { headers.value(of: "x-request-id") }

    static func parse(_ text: String) -> JSON {
        if text.allSatisfy({ $0.isWhitespace }) { return .null }
        return (try? JSON.parse(text)) ?? .string(text)
    }
}
