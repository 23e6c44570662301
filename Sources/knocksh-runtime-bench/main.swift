import Foundation
import KnockCore
import KnockEngine

// The workflow runtime in process, exactly as `knocksh serve` (without --db) builds it — the
// engine's runtime for the environment: SQLite recipient, message, run and state stores over one
// in-memory database sharing one write buffer — but without HTTP: trigger -> message visible p50/p99, and 1,000-recipient fan-outs.
// Run by `scripts/bench-runtime --in-process`; prints results, checks counts, never thresholds.
//   knocksh-runtime-bench [triggers]
// With --http, it times trigger -> visible against a running server instead (HTTPLatency.swift):
//   knocksh-runtime-bench --http URL KEY [triggers]

if CommandLine.arguments.dropFirst().first == "--http" {
    measureOverHTTP(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}
let triggers = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 2000

func milliseconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000 }

/// The p-th percentile of sorted samples.
func percentile(_ sorted: [Double], _ p: Int) -> Double { sorted[min(sorted.count - 1, sorted.count * p / 100)] }

/// User + system CPU time of this process, in milliseconds.
func cpuMilliseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1_000_000
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("knocksh-runtime-bench: \(message)\n".utf8))
    exit(1)
}

do {
    let engine = try Engine(configuration: .init(processBulkOperations: false))
    let env = try engine.environments.create(name: "bench")
    let runtime = engine.runtime(env)
    let workflow = try WorkflowDefinition(key: "bench-one", json: ["name": "Bench one", "steps": [[
        "ref": "in_app_feed_1", "type": "channel", "channel_key": "in-app-feed", "channel_type": "in_app_feed",
        "template": ["markdown_body": "Hello **{{ recipient.name }}**, n = {{ data.n }}"],
    ]]])
    runtime.load(workflows: [workflow])

    func messages(_ runID: String) -> [MessageRecord] {
        var q = MessageQuery()
        q.workflowRunID = runID
        return runtime.messageRecords(q)
    }

    // 1. trigger -> message visible (a read waits for runs accepted before it).
    _ = try engine.identifyUser(env, id: "bench-u1", body: ["name": "Ada", "email": "ada@example.com"])
    for i in 0..<50 { _ = try runtime.trigger(workflowKey: "bench-one", body: ["recipients": ["bench-u1"], "data": ["n": .int(i)]]) }
    runtime.drain()
    var samples: [Double] = []
    var polls = 0
    let cpu0 = cpuMilliseconds()
    for i in 0..<triggers {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let reply = try runtime.trigger(workflowKey: "bench-one", body: ["recipients": ["bench-u1"], "data": ["n": .int(i)]])
        repeat { polls += 1 } while messages(reply.workflowRunID).isEmpty
        samples.append(milliseconds(since: t0))
    }
    let cpu = cpuMilliseconds() - cpu0
    samples.sort()
    print(String(format: "trigger -> message visible, %d sequential triggers (%d polls): p50 %.3f ms, p99 %.3f ms, max %.3f ms; CPU %.3f ms per trigger",
                 triggers, polls, percentile(samples, 50), percentile(samples, 99), samples.last ?? 0, cpu / Double(triggers)))

    // 2. 1,000-recipient fan-outs.
    let ids = (0..<1000).map { "fan-\($0)" }
    for (i, id) in ids.enumerated() { _ = try engine.identifyUser(env, id: id, body: ["name": .string("User \(i)"), "email": .string("\(id)@example.com")]) }
    _ = try engine.setObject(env, collection: "projects", id: "bench-project", body: ["name": "Bench project"])
    for start in stride(from: 0, to: 1000, by: 100) {
        _ = try engine.addSubscriptions(env, object: RecipientKey(collection: "projects", id: "bench-project"),
                                        body: ["recipients": .array(ids[start..<start + 100].map(JSON.string))])
    }
    let cases: [(String, Int, (Int) -> JSON)] = [
        ("1,000 user ids", 1000, { _ in ["recipients": .array(ids.map(JSON.string))] }),
        ("1,000 inline identifications", 1000, { round in
            ["recipients": .array((0..<1000).map { ["id": .string("inline-\(round)-\($0)"), "name": .string("Inline \($0)"), "email": .string("inline-\($0)@example.com")] })]
        }),
        // The object is a recipient too: 1,000 subscribers + 1.
        ("object with 1,000 subscribers", 1001, { _ in ["recipients": [["id": "bench-project", "collection": "projects"]]] }),
    ]
    for (label, expected, body) in cases {
        var times: [Double] = []
        var cpus: [Double] = []
        for round in 0..<5 {
            let request = body(round)
            let c0 = cpuMilliseconds()
            let t0 = DispatchTime.now().uptimeNanoseconds
            let reply = try runtime.trigger(workflowKey: "bench-one", body: request)
            let found = messages(reply.workflowRunID)
            times.append(milliseconds(since: t0))
            cpus.append(cpuMilliseconds() - c0)
            if found.count != expected { fail("\(label): expected \(expected) messages, got \(found.count)") }
        }
        print("fan-out, \(label): " + times.map { String(format: "%.0f ms", $0) }.joined(separator: ", ")
              + String(format: " (best %.0f ms); CPU ", times.min() ?? 0) + cpus.map { String(format: "%.0f ms", $0) }.joined(separator: ", "))
    }
} catch {
    fail("\(error)")
}
