/// Where the shell keeps its history file.
///
/// `KNOCKSH_HISTORY` wins (tests point it at a temporary file; an empty value turns history
/// off), then `$XDG_STATE_HOME/knocksh/history`, then `~/.local/state/knocksh/history`.
///
/// ```swift
/// HistoryLocation.path(environment: ProcessInfo.processInfo.environment)
/// // "/home/ada/.local/state/knocksh/history"
/// ```
public enum HistoryLocation {
    public static func path(environment: [String: String]) -> String? {
        if let explicit = environment["KNOCKSH_HISTORY"] {
            return explicit.isEmpty ? nil : explicit
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/knocksh/history"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return home + "/.local/state/knocksh/history"
        }
        return nil
    }
}
