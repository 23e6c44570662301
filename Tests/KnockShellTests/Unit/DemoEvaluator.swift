import Foundation
import KnockCore
import KnockShell
import Synchronization

/// A fake interpreter for the shell's unit tests: it exercises every shell feature (tables,
/// `.last`, waits, errors with hints) without the real language, so these tests pin the shell's
/// own behaviour. The real language is tested through `knocksh` in `TerminalShellTests`.
/// It understands:
///
/// ```
/// let u = users get u1              # a fake user; binds $u
/// users list                        # a list response ({entries, page_info}): shown as a table
/// workflows trigger new-comment {recipients: [$u.id]}
/// {a: 1, b: [1, 2]}                 # records and lists echo back (relaxed JSON, $var references)
/// $u.name                           # paths into variables
/// sleep 30                          # waits, checking for Ctrl-C every 20 ms
/// print hello                       # prints text
/// fail why                          # an error with a hint
/// help                              # not recorded by .save
/// ```
final class DemoEvaluator: ShellEvaluator, Sendable {
    static let demoKey = "sk_test_DEMOkey0123456789abcdef"

    private struct State {
        var variables: [(name: String, value: JSON)] = []
        var last: JSON? = nil
        var exchange: ShellExchange? = nil
        var target = ShellTarget(name: "demo engine (fake evaluator)", isLocal: true)
        var runs = 0
    }
    private let state = Mutex(State())

    static let catalog = StaticCommandCatalog(
        [
            "users": ["get": [], "list": ["--page-size", "--after", "--before"], "identify": [], "delete": []],
            "workflows": ["trigger": ["--cancellation-key", "--tenant"], "cancel": ["--recipients"]],
            "messages": ["list": ["--page-size", "--status", "--channel-id"], "get": [], "content": [], "delivery-logs": []],
        ],
        argumentValues: ["workflows trigger": [["new-comment", "comment-digest"]]]
    )

    var variables: [(name: String, value: JSON)] { state.withLock { $0.variables } }
    var lastExchange: ShellExchange? { state.withLock { $0.exchange } }
    var target: ShellTarget { state.withLock { $0.target } }

    func switchTarget(to spec: String) async throws -> ShellTarget {
        guard spec == "local" || spec.hasPrefix("http://") || spec.hasPrefix("https://") else {
            throw ShellError("unknown target `\(spec)`", hint: "`.target local` or `.target https://api.knock.app`")
        }
        let t = ShellTarget(name: spec == "local" ? "demo engine (fake evaluator)" : spec, isLocal: spec == "local")
        state.withLock { $0.target = t }
        return t
    }

    func reset() async throws {
        state.withLock { $0.variables = []; $0.last = nil; $0.exchange = nil }
    }

    func evaluate(_ source: String, cancellation: ShellCancellation) async throws -> ShellResult {
        let code = source.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        var result: ShellResult
        if code.hasPrefix("let ") {
            guard let eq = code.firstIndex(of: "=") else { throw ShellError("expected `=` after let") }
            let name = code[code.index(code.startIndex, offsetBy: 4)..<eq].trimmingCharacters(in: .whitespaces)
            result = try await expression(String(code[code.index(after: eq)...]).trimmingCharacters(in: .whitespaces), cancellation)
            let value = result.value ?? .null
            state.withLock { s in
                s.variables.removeAll { $0.name == name }
                s.variables.append((name, value))
            }
            result.boundVariable = name
        } else {
            result = try await expression(code, cancellation)
        }
        if let v = result.value { state.withLock { $0.last = v } }
        return result
    }

    private func expression(_ code: String, _ cancellation: ShellCancellation) async throws -> ShellResult {
        guard let first = code.first else { return ShellResult() }
        if "{[\"-0123456789".contains(first) || code == "true" || code == "false" || code == "null" {
            return ShellResult(value: try parseRelaxed(code))
        }
        if first == "$" { return ShellResult(value: try lookup(String(code.dropFirst()))) }
        let words = code.split(whereSeparator: \.isWhitespace).map(String.init)
        let rest = code.dropFirst(words[0].count).trimmingCharacters(in: .whitespaces)
        switch words[0] {
        case "users", "workflows", "messages": return ShellResult(value: try api(words, code))
        case "sleep":
            let seconds = Double(words.count > 1 ? words[1] : "1") ?? 1
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                try cancellation.check()
                usleep(20_000)   // a blocking wait, like a synchronous interpreter would do
            }
            return ShellResult(value: ["slept": .double(seconds)])
        case "print": return ShellResult(output: rest)
        case "fail": throw ShellError(rest.isEmpty ? "failed" : rest, hint: "`fail` always fails; it is the demo's error")
        case "help": return ShellResult(output: "demo language: users get ID, users list, workflows trigger KEY {..}, sleep N, print TEXT, fail TEXT, {records}, $vars", recordable: false)
        default:
            throw ShellError("unknown command `\(words[0])`", hint: "try `help`, or .help for shell commands")
        }
    }

    private func api(_ words: [String], _ code: String) throws -> JSON {
        guard words.count >= 2 else { throw ShellError("`\(words[0])` needs an operation", hint: "press TAB after `\(words[0]) `") }
        let arg = words.count > 2 ? words[2] : ""
        let value: JSON
        var path = "/v1/\(words[0])"
        switch (words[0], words[1]) {
        case ("users", "get"), ("users", "identify"):
            guard !arg.isEmpty else { throw ShellError("users \(words[1]) needs a user id") }
            path += "/\(arg)"
            value = ["__typename": "User", "id": .string(arg), "name": .string("User \(arg)"), "email": .string("\(arg)@example.com")]
        case ("users", "list"):
            value = ["entries": [
                ["id": "u1", "name": "Ada Lovelace", "email": "ada@example.com", "created_at": "2024-01-01T00:00:00Z"],
                ["id": "u2", "name": "Grace Hopper", "email": "grace@example.com", "created_at": "2024-01-02T00:00:00Z"],
                ["id": "u3", "name": "Zoë 日本", "email": nil, "created_at": "2024-01-03T00:00:00Z"],
            ], "page_info": ["__typename": "PageInfo", "after": "cursor-u3", "before": nil, "page_size": 50]]
        case ("workflows", "trigger"):
            guard !arg.isEmpty else { throw ShellError("workflows trigger needs a workflow key", hint: "press TAB for keys") }
            path += "/\(arg)/trigger"
            let n = state.withLock { s -> Int in s.runs += 1; return s.runs }
            value = ["workflow_run_id": .string("00000000-0000-4000-8000-\(String(format: "%012d", n))")]
        default:
            value = ["ok": true, "command": .string(code)]
        }
        state.withLock {
            $0.exchange = ShellExchange(
                method: words[1] == "get" || words[1] == "list" ? "GET" : "POST", url: "http://127.0.0.1:0" + path,
                requestHeaders: [("Authorization", "Bearer " + Self.demoKey), ("Content-Type", "application/json")],
                status: 200, responseHeaders: [("x-request-id", "req_demo")], responseBody: value, milliseconds: 1.5)
        }
        return value
    }

    private func lookup(_ path: String) throws -> JSON {
        var parts = path.split(separator: ".").map(String.init)
        let name = parts.removeFirst()
        var current: JSON
        if name == "_" {
            current = state.withLock { $0.last } ?? .null
        } else {
            guard let v = variables.last(where: { $0.name == name })?.value else {
                throw ShellError("no variable $\(name)", hint: ".vars lists the variables")
            }
            current = v
        }
        var walked = "$" + name
        for p in parts {
            guard let next = current[p] else {
                let keys = current.objectValue.map { $0.keys.joined(separator: ", ") } ?? "none"
                throw ShellError("\(walked) has no field `\(p)`", hint: "its fields: \(keys)")
            }
            walked += "." + p
            current = next
        }
        return current
    }

    /// Relaxed JSON: bare keys, trailing commas and `$var.path` references.
    private func parseRelaxed(_ text: String) throws -> JSON {
        var out = ""
        var chars = Array(text)
        var i = 0
        chars.append(" ")
        while i < chars.count {
            let c = chars[i]
            if c == "\"" {
                var j = i + 1
                while j < chars.count && chars[j] != "\"" { j += chars[j] == "\\" ? 2 : 1 }
                out += String(chars[i...min(j, chars.count - 1)])
                i = j + 1
            } else if c == "$" {
                var j = i + 1
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == ".") { j += 1 }
                out += try lookup(String(chars[(i + 1)..<j])).serialized()
                i = j
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "-") { j += 1 }
                let word = String(chars[i..<j])
                var k = j
                while k < chars.count && chars[k] == " " { k += 1 }
                out += k < chars.count && chars[k] == ":" ? "\"\(word)\"" : word
                i = j
            } else if c == "," {
                var k = i + 1
                while k < chars.count && chars[k].isWhitespace { k += 1 }
                if k < chars.count && (chars[k] == "}" || chars[k] == "]") {} else { out.append(c) }
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        do {
            return try JSON.parse(out)
        } catch {
            throw ShellError("cannot read this value: \(error)", hint: "records look like {name: \"Ada\", tags: [1, 2]}")
        }
    }
}
