import ArgumentParser
import KnockScript

/// Options every way of running scripts understands.
struct SharedOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: ArgumentHelp("Define $NAME as the string VALUE (repeatable).", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(help: ArgumentHelp("Color output: auto (a terminal and NO_COLOR unset), always or never.", valueName: "WHEN"))
    var color: ColorChoice = .auto

    func validate() throws {
        _ = try parsedVariables()
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
