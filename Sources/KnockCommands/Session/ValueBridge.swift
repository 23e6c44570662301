import KnockCore
import KnockScript

/// Converts a command's script values into what `RequestBuilder` takes, and answers back.
///
/// ```swift
/// ValueBridge.word(.int(5))                         // "5"
/// try ValueBridge.options(inv, dropping: ["all"])   // [("--page-size", .int(10))]
/// ```
enum ValueBridge {
    /// A positional argument as a path segment: strings as written, numbers as their digits.
    static func word(_ value: Value) -> String { value.text }

    /// `--name value` pairs as JSON, without the options the command itself consumes.
    static func options(_ invocation: CommandInvocation, dropping consumed: Set<String>) throws -> [(String, JSON)] {
        try invocation.options.compactMap { option in
            consumed.contains(normal(option.name)) ? nil : ("--" + option.name, try option.value.json())
        }
    }

    /// Dashes and underscores are one (`--page_size` is `--page-size`).
    static func normal(_ name: String) -> String { String(name.map { $0 == "_" ? "-" : $0 }) }
}
