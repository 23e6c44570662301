import AsyncHTTPClient
import Foundation
import KnockEngine
import NIOCore

/// The engine's `http_fetch` requests on AsyncHTTPClient's shared client (already in the binary
/// for the API client), waited on synchronously: the runtime's executor is a serial dispatch
/// queue, not the cooperative pool, and the step must finish before the run goes on.
///
/// ```swift
/// let engine = try Engine(configuration: .init(fetcher: AsyncHTTPFetcher()))
/// ```
struct AsyncHTTPFetcher: HTTPFetcher {
    /// Largest response body read (Knock caps fetched data well below this).
    static let maxBody = 8 * 1024 * 1024

    func fetch(_ request: FetchRequest) -> FetchAnswer {
        let done = DispatchSemaphore(value: 0)
        let box = AnswerBox()
        Task {
            box.answer = await Self.perform(request)
            done.signal()
        }
        done.wait()
        return box.answer ?? .failure(message: "no response", timedOut: false)
    }

    private static func perform(_ request: FetchRequest) async -> FetchAnswer {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = .init(rawValue: request.method.uppercased())
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await HTTPClient.shared.execute(outgoing, timeout: .milliseconds(Int64(request.timeout * 1000)))
            let bytes = try await response.body.collect(upTo: maxBody)
            return .response(status: Int(response.status.code), body: Data(bytes.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .failure(message: "timed out after \(request.timeout) s", timedOut: true)
        } catch {
            return .failure(message: "\(error)", timedOut: false)
        }
    }

    private final class AnswerBox: @unchecked Sendable { var answer: FetchAnswer? }
}
