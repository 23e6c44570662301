import ArgumentParser
import KnockScript

/// Options every way of running scripts understands.
struct SharedOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: ArgumentHelp("Define $NAME as the string VALUE (repeatable).", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(help: ArgumentHelp("Color output: auto (a terminal and NO_COLOR unset), always or never.", valueName: "WHEN"))
    var color: ColorChoice = .auto

    @Option(name: .customLong("api-url"), help: ArgumentHelp("Run against a real Knock environment at URL (e.g. https://api.knock.app) with the key in KNOCK_API_KEY, instead of the embedded engine.", valueName: "URL"))
    var apiURL: String?

    @Flag(help: "Allow --api-url to target an environment that looks like production (KNOCK_ENVIRONMENT, the URL or the key says so).")
    var allowProduction = false

    @OptionGroup(title: "Embedded engine") var engine: EngineOptions
    var workflows: String? { engine.workflows }
    var rateLimits: Bool { engine.rateLimits }

    func validate() throws {
        _ = try parsedVariables()
        if let apiURL {
            guard apiURL.hasPrefix("http://") || apiURL.hasPrefix("https://") else {
                throw ValidationError("--api-url expects an http(s) URL, got '\(apiURL)'")
            }
            // The key comes only from the environment, so it never shows in a process list or shell history.
            guard let key = Environment.get("KNOCK_API_KEY"), !key.isEmpty else {
                throw ValidationError("--api-url needs the environment's secret key in KNOCK_API_KEY")
            }
            if workflows != nil { throw ValidationError("--workflows is for the embedded engine; a Knock environment has its own workflows") }
            if rateLimits { throw ValidationError("--rate-limits is for the embedded engine; a Knock environment always enforces its limits") }
        } else if allowProduction {
            throw ValidationError("--allow-production only applies with --api-url")
        }
    }

    func parsedVariables() throws -> [String: Value] {
        var out: [String: Value] = [:]
        for v in variables {
            guard let eq = v.firstIndex(of: "="), eq != v.startIndex else {
                throw ValidationError("--var expects NAME=VALUE, got '\(v)'")
            }
            let name = String(v[..<eq])
            guard name.first.map({ $0.isLetter || $0 == "_" }) == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ValidationError("--var name '\(name)' must be letters, digits and underscores")
            }
            out[name] = .string(String(v[v.index(after: eq)...]))
        }
        return out
    }

    var colorForStdout: Bool { color.enabled(fd: 1) }
    var colorForStderr: Bool { color.enabled(fd: 2) }
}

/// The embedded engine's options, a group of their own so `serve`, which takes only these,
/// lists them in its help. The root command declares them too (inside `SharedOptions`), and
/// argument-parser fills every declaring command's copy, so `serve --workflows` reaches serve.
struct EngineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Workflows for the engine, in the Knock CLI layout (run, -c, -f and the shell default to the nearest workflows/ or recipes/workflows/ at or above the first recipe).", valueName: "DIR"))
    var workflows: String?

    @Flag(help: "Make the engine enforce Knock's rate-limit tiers (429 with retry-after), as a real environment does; off by default.")
    var rateLimits = false

    func validate() throws {
        if let workflows, FileSystem.kind(workflows) != .directory {
            throw ValidationError("--workflows: no such directory: \(workflows)")
        }
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    func enabled(fd: Int32) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let v = Environment.get("NO_COLOR"), !v.isEmpty { return false }
            return FileSystem.isTerminal(fd)
        }
    }
}
