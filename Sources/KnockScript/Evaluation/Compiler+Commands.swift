import KnockCore

extension Compiler {
    func compileCommand(_ call: CommandCall) -> Eval {
        let loc = call.location
        let args = call.arguments.map { (bare: $0.bareWord, eval: compileExpr($0.value)) }
        let options = call.options.map { (name: $0.name, eval: $0.value.map { compileExpr($0) }) }
        let body = call.body.map { compileExpr($0) }
        var words: [String] = []
        for a in args {
            guard let w = a.bare else { break }
            words.append(w)
        }
        let leadingWords = words
        let visible = visibleNames
        if let registry = commands, registry.lookup(words: leadingWords) == nil {
            let e = Self.unknownCommand(leadingWords, registry: registry, visible: visible, at: loc)
            error(e.message, at: loc, hint: e.hint)
        }
        return { i in
            guard let (command, consumed) = i.context.registry.lookup(words: leadingWords) else {
                throw Self.unknownCommand(leadingWords, registry: i.context.registry, visible: visible, at: loc)
            }
            var values: [Value] = []
            values.reserveCapacity(args.count - consumed)
            for a in args[consumed...] { values.append(try a.eval(i)) }
            var opts: [(name: String, value: Value)] = []
            for o in options { opts.append((o.name, try o.eval?(i) ?? .bool(true))) }
            let invocation = CommandInvocation(
                name: command.name, arguments: values, options: opts, body: try body?(i),
                location: loc, context: i.context)
            do {
                let result = try command.run(invocation)
                i.context.lastResult = result
                return result
            } catch let e as ScriptError {
                throw e.located(loc)
            } catch {
                throw ScriptError.runtime("\(invocation.displayName): \(error)", at: loc)
            }
        }
    }

    static func unknownCommand(_ words: [String], registry: CommandRegistry, visible: [String], at loc: SourceLocation) -> ScriptError {
        let name = words.first ?? "?"
        var hint = "run 'help' to list the commands"
        let names = Set(registry.all.map { $0.name[0] })
        if visible.contains(name) {
            hint = "to read the variable write $\(name)"
        } else if let close = Suggest.closest(to: name, in: names) {
            hint = "did you mean '\(close)'? " + hint
        } else if names.contains(name) {
            let subcommands = registry.commands(startingWith: [name]).map { $0.name.joined(separator: " ") }
            return ScriptError.runtime("unknown command '\(words.prefix(2).joined(separator: " "))'", hint: "commands starting with '\(name)': \(subcommands.prefix(12).joined(separator: ", "))", at: loc)
        }
        return ScriptError.runtime("unknown command '\(name)'", hint: hint, at: loc)
    }

    func compilePipe(_ input: Expr, _ stage: PipeStage, at loc: SourceLocation) -> Eval {
        let source = compileExpr(input)
        switch stage {
        case .function(let name, let args):
            return compileCall(name, [source] + args.map { compileExpr($0) }, at: loc)
        case .each(let name, let body):
            pushBlock()
            let slot = declare("it")
            let savedRecording = recording
            recording = false
            let f = compileExpr(body)
            recording = savedRecording
            popBlock()
            return { i in
                let items = try Ops.items(try source(i), for: name, at: loc)
                func eval(_ item: Value) throws -> Value {
                    try i.tick()
                    i.frame.slots[slot] = item
                    return try f(i)
                }
                switch name {
                case "where": return .list(try items.filter { try eval($0).isTruthy })
                case "map": return .list(try items.map(eval))
                case "find": return try items.first { try eval($0).isTruthy } ?? .null
                case "any": return .bool(try items.contains { try eval($0).isTruthy })
                case "all": return .bool(try items.allSatisfy { try eval($0).isTruthy })
                case "sort-by":
                    let keyed = try items.map { (try eval($0), $0) }
                    return .list(try Ops.stableSort(keyed, at: loc).map(\.1))
                case "count-by", "group-by":
                    var groups = Record()
                    for item in items {
                        let key = try eval(item).text
                        if name == "count-by" {
                            let n = groups[key]?.intValue ?? 0
                            groups[key] = .int(n + 1)
                        } else {
                            try item.checkNesting(at: loc)
                            var list = groups[key]?.listValue ?? []
                            list.append(item)
                            groups[key] = .list(list)
                        }
                    }
                    return .record(groups)
                default:
                    throw ScriptError.runtime("unknown pipeline stage '\(name)'", at: loc)
                }
            }
        }
    }

    func compileWaitUntil(_ condition: Expr, _ within: Expr?, _ every: Expr?, at loc: SourceLocation) -> Eval {
        let savedRecording = recording
        recording = true
        let c = compileExpr(condition)
        recording = savedRecording
        let w = within.map { compileExpr($0) }
        let e = every.map { compileExpr($0) }
        return { i in
            let withinMs = try Ops.milliseconds(try w?(i) ?? .duration(.seconds(5)), what: "within", at: loc)
            let everyMs = try e.map { try Ops.milliseconds(try $0(i), what: "every", at: loc) }
            let start = MonotonicClock.nanoseconds()
            var interval = everyMs ?? 50
            var attempts = 0
            while true {
                attempts += 1
                let recorder = PowerRecorder()
                let saved = i.recorder
                i.recorder = recorder
                var lastError: ScriptError?
                do {
                    let v = try c(i)
                    i.recorder = saved
                    if v.isTruthy { return v }
                } catch let err as ScriptError where err.isCatchable && err.kind != .failure {
                    i.recorder = saved
                    lastError = err
                } catch {
                    i.recorder = saved
                    throw error
                }
                let elapsed = Int(MonotonicClock.seconds(since: start) * 1000)
                if elapsed >= withinMs {
                    var notes = ["waited \(KnockDuration(milliseconds: withinMs)) (\(attempts) attempt\(attempts == 1 ? "" : "s")); the last attempt:"]
                    if let lastError {
                        notes.append("  error: \(lastError.message)")
                    } else {
                        notes += PowerAssert.notes(for: condition, recorder: recorder)
                    }
                    throw ScriptError.failure("wait until timed out after \(KnockDuration(milliseconds: withinMs))", notes: notes, at: loc)
                }
                if i.context.cancellation.sleep(milliseconds: min(interval, withinMs - elapsed)),
                   let reason = i.context.cancellation.reason {
                    throw Interpreter.error(for: reason).located(loc)
                }
                if everyMs == nil { interval = min(interval * 2, 1000) }
            }
        }
    }

    func compileExpect(_ condition: Expr, _ message: Expr?, at loc: SourceLocation) -> Exec {
        let savedRecording = recording
        recording = true
        let c = compileExpr(condition)
        recording = savedRecording
        let m = message.map { compileExpr($0) }
        return { i in
            let recorder = PowerRecorder()
            let saved = i.recorder
            i.recorder = recorder
            let v: Value
            do {
                v = try c(i)
            } catch {
                i.recorder = saved
                throw error
            }
            i.recorder = saved
            if v.isTruthy { return .normal }
            let text = try m.map { try $0(i).text } ?? "expectation failed"
            throw ScriptError.failure(text, notes: PowerAssert.notes(for: condition, recorder: recorder), at: loc)
        }
    }

    func compileExpectError(_ matcher: Expr?, _ body: Block, at loc: SourceLocation) -> Exec {
        let m = matcher.map { compileExpr($0) }
        let b = compileBlock(body)
        return { i in
            let want = try m?(i)
            let wanted = want.map { " \($0.literal)" } ?? ""
            do {
                _ = try b(i)
            } catch let e as ScriptError where e.isCatchable && e.kind != .failure {
                switch want {
                case nil: return .normal
                case .int(let status)?:
                    if e.api?.status == status { return .normal }
                case .string(let text)?:
                    if e.api?.code == text || e.message.contains(text) { return .normal }
                default: break
                }
                let got = e.api.map { "API error \($0.status)\($0.code.map { " " + $0 } ?? "")" } ?? "a \(e.kind.rawValue) error"
                throw ScriptError.failure("expected error\(wanted), got \(got): \(e.api?.message ?? e.message)", at: loc)
            }
            throw ScriptError.failure("expected error\(wanted), but the block succeeded", at: loc)
        }
    }
}
