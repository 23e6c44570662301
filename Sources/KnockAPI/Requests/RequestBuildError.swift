/// Why a command could not become a request. Each message names the command and says what to
/// write instead, because the person reading it is in the middle of a script.
public enum RequestBuildError: Error, Equatable, CustomStringConvertible {
    case missingArgument(command: String, name: String, usage: String)
    case emptyArgument(command: String, name: String)
    case tooManyArguments(command: String, extra: [String], usage: String)
    case unknownOption(command: String, option: String, suggestion: String?, valid: [String])
    case invalidOptionValue(command: String, option: String, expected: String, got: String)
    case bodyNotAccepted(command: String)
    case bodyNotObject(command: String, got: String)

    public var description: String {
        switch self {
        case .missingArgument(let command, let name, let usage):
            return "\(command): missing \(name.uppercased()) (usage: \(usage))"
        case .emptyArgument(let command, let name):
            return "\(command): \(name.uppercased()) must not be empty"
        case .tooManyArguments(let command, let extra, let usage):
            let list = extra.map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(command): unexpected argument\(extra.count == 1 ? "" : "s") \(list) (usage: \(usage))"
        case .unknownOption(let command, let option, let suggestion, let valid):
            var text = "\(command): unknown option \(option)"
            if let suggestion { text += "; did you mean \(suggestion)?" }
            text += valid.isEmpty ? " (it takes no options)" : " (valid: \(valid.joined(separator: ", ")))"
            return text
        case .invalidOptionValue(let command, let option, let expected, let got):
            return "\(command): \(option) expects \(expected), got \(got)"
        case .bodyNotAccepted(let command):
            return "\(command): takes no body"
        case .bodyNotObject(let command, let got):
            return "\(command): the body must be a record, got \(got)"
        }
    }
}
