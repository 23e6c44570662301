import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KnockEngine

/// A real fetcher for the engine's unit tests (the engine itself ships none; the server gives it
/// one on AsyncHTTPClient): URLSession, waited on synchronously.
struct TestURLSessionFetcher: HTTPFetcher {
    func fetch(_ request: FetchRequest) -> FetchAnswer {
        var r = URLRequest(url: request.url, timeoutInterval: request.timeout)
        r.httpMethod = request.method
        for h in request.headerPairs { r.addValue(h.value, forHTTPHeaderField: h.key) }
        r.httpBody = request.body
        let done = DispatchSemaphore(value: 0)
        let box = Box()
        let session = URLSession(configuration: .ephemeral)
        session.dataTask(with: r) { data, response, error in
            if let error {
                box.answer = .failure(message: error.localizedDescription, timedOut: (error as NSError).code == NSURLErrorTimedOut)
            } else {
                box.answer = .response(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data ?? Data())
            }
            done.signal()
        }.resume()
        done.wait()
        session.finishTasksAndInvalidate()
        return box.answer ?? .failure(message: "no response", timedOut: false)
    }

    private final class Box: @unchecked Sendable { var answer: FetchAnswer? }
}
