import Foundation
import KnockCore

/// `knocksh-runtime-bench --http URL KEY [triggers]`: trigger → message visible against a
/// running `knocksh serve` that has the `bench-one` workflow (scripts/bench-runtime sets one up),
/// with the same loop as scripts/bench-engine.d/runtime.py but a compiled client
/// (`LoopbackClient`), so the figure is the engine's and the loopback's, not an interpreter's.
func measureOverHTTP(_ arguments: [String]) {
    guard arguments.count >= 2 else { fail("usage: knocksh-runtime-bench --http URL KEY [triggers]") }
    let triggers = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000
    do {
        let client = try LoopbackClient(url: arguments[0], key: arguments[1])
        _ = try client.call("PUT", "/v1/users/bench-u1", ["name": "Ada", "email": "ada@example.com"])
        func trigger(_ n: Int) throws -> String {
            let reply = try client.call("POST", "/v1/workflows/bench-one/trigger", ["recipients": ["bench-u1"], "data": ["n": .int(n)]])
            guard let id = reply["workflow_run_id"]?.stringValue else { fail("no workflow_run_id in \(reply.serialized())") }
            return id
        }
        for i in 0..<50 { _ = try trigger(i) }  // warm-up
        var samples: [Double] = []
        var polls = 0
        for i in 0..<triggers {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let runID = try trigger(i)
            var found = false
            while !found {
                polls += 1
                let page = try client.call("GET", "/v1/messages?workflow_run_id=\(runID)&page_size=50")
                found = !(page["items"]?.arrayValue ?? []).isEmpty
            }
            samples.append(milliseconds(since: t0))
        }
        samples.sort()
        print(String(format: "trigger -> message visible, compiled client, %d sequential triggers (%d message-list polls): p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                     triggers, polls, percentile(samples, 50), percentile(samples, 99), samples.last ?? 0))
    } catch {
        fail("\(error)")
    }
}
