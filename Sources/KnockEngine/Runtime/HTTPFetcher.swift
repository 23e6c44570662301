import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Performs the real HTTP call of an `http_fetch` step. A protocol so tests can answer without
/// sockets; the default uses URLSession.
///
/// ```swift
/// let answer = URLSessionFetcher().fetch(FetchRequest(method: "GET", url: url, headers: [], body: nil, timeout: 15))
/// if case .response(let status, let body) = answer { … }
/// ```
public protocol HTTPFetcher: Sendable {
    func fetch(_ request: FetchRequest) -> FetchAnswer
}

public struct FetchRequest: Sendable, Hashable {
    public var method: String
    public var url: URL
    public var headers: [(String, String)] { headerPairs.map { ($0.key, $0.value) } }
    public var headerPairs: [KeyValuePair]
    public var body: Data?
    public var timeout: TimeInterval

    public init(method: String, url: URL, headers: [KeyValuePair], body: Data?, timeout: TimeInterval) {
        self.method = method
        self.url = url
        self.headerPairs = headers
        self.body = body
        self.timeout = timeout
    }
}

public enum FetchAnswer: Sendable, Hashable {
    case response(status: Int, body: Data)
    /// Connection refused, DNS failure, timeout… (`timedOut` is retryable, the others fatal in Knock's terms).
    case failure(message: String, timedOut: Bool)
}

/// URLSession, waited on synchronously: the executor is serial and the step must finish before the run goes on.
public struct URLSessionFetcher: HTTPFetcher {
    public init() {}

    public func fetch(_ request: FetchRequest) -> FetchAnswer {
        var r = URLRequest(url: request.url, timeoutInterval: request.timeout)
        r.httpMethod = request.method
        for h in request.headerPairs { r.addValue(h.value, forHTTPHeaderField: h.key) }
        r.httpBody = request.body
        let done = DispatchSemaphore(value: 0)
        let box = AnswerBox()
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = request.timeout
        let session = URLSession(configuration: config)
        session.dataTask(with: r) { data, response, error in
            if let error {
                let ns = error as NSError
                box.answer = .failure(message: error.localizedDescription, timedOut: ns.code == NSURLErrorTimedOut)
            } else {
                box.answer = .response(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data ?? Data())
            }
            done.signal()
        }.resume()
        done.wait()
        session.finishTasksAndInvalidate()
        return box.answer ?? .failure(message: "no response", timedOut: false)
    }

    private final class AnswerBox: @unchecked Sendable { var answer: FetchAnswer? }
}
