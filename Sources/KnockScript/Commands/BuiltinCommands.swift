import KnockCore

extension CommandRegistry {
    /// A registry with the language's builtin commands: help, print, show, sleep, skip, fail.
    public static func standard() -> CommandRegistry {
        let r = CommandRegistry()
        BuiltinCommands.register(into: r)
        return r
    }
}

/// The commands every script has, whatever else the CLI installs.
public enum BuiltinCommands {
    public static func register(into registry: CommandRegistry) {
        registry.register(ClosureCommand(["print"], summary: "Print values separated by spaces (strings without quotes)", usage: "print VALUE...") { inv in
            // A trailing record literal is parsed as a body; for print it is just another value.
            let values = inv.arguments + (inv.body.map { [$0] } ?? [])
            inv.context.output.write(values.map(\.text).joined(separator: " ") + "\n")
            return .null
        })
        registry.register(ClosureCommand(["show"], summary: "Print a value as indented JSON", usage: "show VALUE") { inv in
            let given = inv.arguments + (inv.body.map { [$0] } ?? [])
            let values = given.isEmpty ? [inv.context.lastResult] : given
            for v in values { inv.context.output.write(v.pretty + "\n") }
            return values.count == 1 ? values[0] : .list(values)
        })
        registry.register(ClosureCommand(["sleep"], summary: "Pause for a duration (interrupted by Ctrl-C and --timeout)", usage: "sleep DURATION") { inv in
            guard inv.arguments.count == 1 else { throw inv.usageError("expected one duration", usage: "sleep 200ms") }
            let ms = try Ops.milliseconds(inv.arguments[0], what: "sleep", at: inv.location)
            if inv.context.cancellation.sleep(milliseconds: ms), let reason = inv.context.cancellation.reason {
                throw Interpreter.error(for: reason)
            }
            return .null
        })
        registry.register(ClosureCommand(["skip"], summary: "Stop the test and report it skipped", usage: "skip [REASON]") { inv in
            throw ScriptError(.skipped, inv.arguments.map(\.text).joined(separator: " ").nonEmpty ?? "skipped")
        })
        registry.register(ClosureCommand(["fail"], summary: "Fail the test with a message", usage: "fail [MESSAGE]") { inv in
            throw ScriptError.failure(inv.arguments.map(\.text).joined(separator: " ").nonEmpty ?? "failed")
        })
        registry.register(HelpCommand(registry: registry))
    }
}

/// `help` lists every registered command; `help WORD...` narrows to a group or one command.
struct HelpCommand: ScriptCommand {
    let name = ["help"]
    let summary = "List commands, or show how to use one: help users identify"
    let usage = "help [COMMAND...]"
    /// Weak would be nicer, but registries live as long as the process anyway.
    let registry: CommandRegistry

    func run(_ inv: CommandInvocation) throws -> Value {
        let words = inv.arguments.map(\.text)
        let registry = inv.context.registry
        var out = ""
        if words.isEmpty {
            out += "Commands:\n"
            out += table(registry.all)
            out += "\nhelp COMMAND shows how to use one. The language itself: docs/language.md\n"
        } else if let (command, consumed) = registry.lookup(words: words), consumed == words.count {
            out += "usage: \(command.usage)\n  \(command.summary)\n"
        } else {
            let group = registry.commands(startingWith: words)
            guard !group.isEmpty else {
                var hint = "run 'help' to list the commands"
                if let close = Suggest.closest(to: words.joined(separator: " "), in: registry.all.map { $0.name.joined(separator: " ") }) {
                    hint = "did you mean '\(close)'? " + hint
                }
                throw ScriptError.runtime("no command named '\(words.joined(separator: " "))'", hint: hint)
            }
            out += table(group)
        }
        inv.context.output.write(out)
        return .null
    }

    func table(_ commands: [any ScriptCommand]) -> String {
        let width = min(32, commands.map { $0.usage.count }.max() ?? 0)
        return commands.map { c in
            let u = c.usage
            let pad = String(repeating: " ", count: max(1, width - u.count + 2))
            return "  \(u)\(pad)\(c.summary)\n"
        }.joined()
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
