import Foundation
import KnockCore

extension MetaCommand {
    /// The shell's own commands, in the order `.help` lists them.
    public static let builtins: [MetaCommand] = [
        MetaCommand(".help", aliases: [".?"], usage: ".help", summary: "This list (language help: `help`)") { shell, _ in
            shell.say(shell.helpText())
            return .continue
        },
        MetaCommand(".vars", usage: ".vars", summary: "Variables of this session and their values") { shell, _ in
            let vars = shell.evaluator.variables
            guard !vars.isEmpty else { shell.say("no variables yet (let name = ...)"); return .continue }
            if shell.format == .table && shell.output.resultsOnTerminal {
                let rows: [JSONObject] = vars.map { v in
                    ["name": .string("$" + v.name), "type": .string(v.value.typeName), "value": .string(v.value.serialized())]
                }
                shell.show(text: TableRenderer(palette: shell.renderer.palette, width: shell.renderer.width).render(rows: rows))
            } else {
                var o = JSONObject()
                for v in vars { o[v.name] = v.value }
                shell.show(.object(o))
            }
            return .continue
        },
        MetaCommand(".last", usage: ".last", summary: "The last request and response, secrets redacted") { shell, _ in
            guard let x = shell.evaluator.lastExchange else { shell.say("no request yet"); return .continue }
            shell.show(text: shell.renderer.renderExchange(x, redactor: shell.configuration.redactor))
            return .continue
        },
        MetaCommand(".timing", usage: ".timing on|off", summary: "Show how long each command took") { shell, arg in
            switch arg {
            case "on": shell.timing = true
            case "off": shell.timing = false
            case "": break
            default: throw ShellError("`.timing` takes on or off", hint: ".timing on")
            }
            shell.say("timing is \(shell.timing ? "on" : "off")")
            return .continue
        },
        MetaCommand(".format", usage: ".format table|json", summary: "Show lists as tables or as JSON") { shell, arg in
            if !arg.isEmpty {
                guard let f = OutputFormat(rawValue: arg) else {
                    throw ShellError("unknown format `\(arg)`", hint: ".format table or .format json")
                }
                shell.format = f
            }
            shell.say("format is \(shell.format.rawValue)")
            return .continue
        },
        MetaCommand(".save", usage: ".save FILE", summary: "Write this session's successful statements as a recipe") { shell, arg in
            let path = MetaCommand.path(arg)
            guard !path.isEmpty else { throw ShellError("`.save` needs a file name", hint: ".save session.knock") }
            try shell.saveRecipe(to: path)
            return .continue
        },
        MetaCommand(".load", usage: ".load FILE", summary: "Run a .knock file in this session") { shell, arg in
            let path = MetaCommand.path(arg)
            guard !path.isEmpty else { throw ShellError("`.load` needs a file name", hint: ".load lib/setup.knock") }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ShellError("cannot read \(path)", hint: "paths are relative to \(FileManager.default.currentDirectoryPath)")
            }
            await shell.evaluate(text, origin: ".load \(path)")
            return .continue
        },
        MetaCommand(".target", usage: ".target [local|URL]", summary: "Show or switch where commands go") { shell, arg in
            if !arg.isEmpty {
                _ = try await shell.evaluator.switchTarget(to: arg)
            }
            let t = shell.evaluator.target
            shell.say("target: \(t.name) (\(t.isLocal ? "local" : "remote"))")
            return .continue
        },
        MetaCommand(".reset", usage: ".reset", summary: "A fresh local environment; variables and recording start over") { shell, _ in
            try await shell.evaluator.reset()
            shell.recording.removeAll()
            shell.say("fresh environment: variables cleared, .save starts over")
            return .continue
        },
        MetaCommand(".quit", aliases: [".exit", ".q"], usage: ".quit", summary: "Leave the shell (Ctrl-D does too)") { _, _ in
            .quit
        },
    ]
}
