import KnockAPI
import KnockScript

/// Turns what the client throws into the script's errors, so recipes handle every failure the
/// same way: `expect error 404 { ... }`, `try { } catch $e { $e.status }`.
///
/// ```swift
/// do { ... } catch { throw ErrorMapping.scriptError(error, context: context) }
/// ```
public enum ErrorMapping {
    public static func scriptError(_ error: any Error, context: ExecutionContext) -> ScriptError {
        switch error {
        case let e as ScriptError:
            return e
        case let e as KnockAPIError:
            var mapped = ScriptError.api(status: e.status, code: e.code, message: e.message, requestID: e.requestID, body: e.body)
            mapped.notes = ["\(e.method) \(e.path)" + (e.attempts > 1 ? " (after \(e.attempts) attempts)" : "")]
            return mapped
        case let e as KnockConnectionError:
            return .connection(e.description, hint: e.isTimeout ? "the server did not answer in time" : "is the API URL right, and the server running?")
        case let e as KnockScopeError:
            return .runtime(e.description, hint: "clock, outbox and channels commands only exist in the embedded engine")
        case let e as RequestBuildError:
            return .runtime(e.description, hint: usageHint(e))
        case let e as RawRequestError:
            return .runtime(e.description, hint: "usage: http METHOD PATH [BODY]")
        case is CancellationError:
            return Interpreter.error(for: context.cancellation.reason ?? .interrupted)
        default:
            return .runtime("\(error)")
        }
    }

    static func usageHint(_ e: RequestBuildError) -> String? {
        switch e {
        case .missingArgument(let command, _, let usage), .tooManyArguments(let command, _, let usage):
            return "usage: \(usage) (help \(command))"
        case .unknownOption(let command, _, _, _), .invalidOptionValue(let command, _, _, _),
             .bodyNotAccepted(let command), .bodyNotObject(let command, _), .emptyArgument(let command, _):
            return "help \(command) lists what it takes"
        }
    }
}
