import Foundation
import KnockCore

/// `http_fetch` steps (§1.9): render the request, make the call, and shallow-merge a JSON object
/// response into `data` (or put it at the configured response path). 5xx and timeouts are
/// retried after 30 s and 60 s on the clock; anything else, or a third failure, fails the step
/// and halts the run.
extension WorkflowRuntime {
    static let fetchRetryDelays: [TimeInterval] = [30, 60]
    static let fetchTimeout: TimeInterval = 15

    func executeFetch(_ step: HTTPFetchStep, _ stepRef: Step, _ run: RecipientRun) -> StepOutcome {
        let now = clock.now
        let rendered: RenderedWebhook
        do { rendered = try renderRequest(step.request, scope: templateContext(run).json, options: liquidOptions) } catch {
            run.fetchAttempts = 0
            return .failed(error.description)
        }
        guard var components = URLComponents(string: rendered.url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false else {
            run.fetchAttempts = 0
            return .failed("http_fetch: invalid URL \"\(rendered.url)\"")
        }
        if !rendered.queryParams.isEmpty {
            components.queryItems = (components.queryItems ?? []) + rendered.queryParams.map { URLQueryItem(name: $0.key, value: $0.value) }
        }
        guard let url = components.url else { return .failed("http_fetch: invalid URL \"\(rendered.url)\"") }
        var headers = rendered.headerPairs
        let sendsBody = ["POST", "PUT", "PATCH"].contains(rendered.method) && rendered.body?.isEmpty == false
        if sendsBody, !headers.contains(where: { $0.key.lowercased() == "content-type" }) {
            headers.append(KeyValuePair(key: "Content-Type", value: "application/json"))
        }
        run.fetchAttempts += 1
        let answer = configuration.fetcher.fetch(FetchRequest(method: rendered.method, url: url, headers: headers,
                                                              body: sendsBody ? rendered.body.map { Data($0.utf8) } : nil,
                                                              timeout: Self.fetchTimeout))
        let retryable: Bool
        let reason: String
        switch answer {
        case .response(let status, let body) where [200, 201, 204].contains(status):
            run.fetchAttempts = 0
            if case .object(let o)? = try? JSON.parse(bytes: body) {
                if let path = step.responsePath, !path.isEmpty {
                    run.data = Self.setting(.object(o), at: path.split(separator: ".").map(String.init), in: run.data)
                } else {
                    run.data = JSONMerging.shallowMerge(run.data, .object(o))
                }
            }
            run.log("fetch_succeeded", step: stepRef, data: ["status": .int(status)], at: now)
            return .next
        case .response(let status, _):
            retryable = status >= 500
            reason = "http_fetch: \(rendered.method) \(url.absoluteString) answered \(status)"
        case .failure(let message, let timedOut):
            retryable = timedOut
            reason = "http_fetch: \(rendered.method) \(url.absoluteString) failed: \(message)"
        }
        if retryable, run.fetchAttempts <= Self.fetchRetryDelays.count {
            let due = now.addingTimeInterval(Self.fetchRetryDelays[run.fetchAttempts - 1])
            run.cursor.repeatLast()
            run.timerID = addTimer(at: due, .resumeRun(run.id))
            run.log("fetch_retry_scheduled", step: stepRef, ok: false,
                    data: ["error": .string(reason), "retry_at": .string(ProviderTimestamp.string(due))], at: now)
            return .paused
        }
        run.fetchAttempts = 0
        return .failed(reason)
    }

    /// `data` with `value` placed at a dotted path, creating objects on the way.
    static func setting(_ value: JSON, at path: [String], in data: JSON) -> JSON {
        guard let first = path.first else { return value }
        var o = data.objectValue ?? [:]
        o[first] = setting(value, at: Array(path.dropFirst()), in: o[first] ?? [:])
        return .object(o)
    }
}
