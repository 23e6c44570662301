/// The commands a script can call, by name. The longest registered prefix of a statement's
/// leading bare words wins, so `users get u1` finds `users get` and passes `u1` as an argument.
///
/// ```swift
/// let registry = CommandRegistry.standard()        // help, print, show, sleep, skip, fail, ...
/// registry.register(ClosureCommand(["clock", "advance"], summary: "...") { inv in .null })
/// registry.lookup(words: ["clock", "advance", "10m"])   // (the command, consumed: 2)
/// ```
public final class CommandRegistry: Sendable {
    private let table = Locked<[String: any ScriptCommand]>([:])
    private let longest = Locked(1)

    public init() {}

    /// Adds or replaces a command.
    public func register(_ command: any ScriptCommand) {
        let key = command.name.joined(separator: " ")
        table.withLock { $0[key] = command }
        longest.withLock { $0 = max($0, command.name.count) }
    }

    public func lookup(words: [String]) -> (command: any ScriptCommand, consumedWords: Int)? {
        let maxLength = min(words.count, longest.value)
        guard maxLength > 0 else { return nil }
        return table.withLock { table in
            for n in stride(from: maxLength, through: 1, by: -1) {
                if let c = table[words[0..<n].joined(separator: " ")] { return (c, n) }
            }
            return nil
        }
    }

    /// Every command, sorted by name.
    public var all: [any ScriptCommand] {
        table.withLock { Array($0.values) }.sorted { $0.name.joined(separator: " ") < $1.name.joined(separator: " ") }
    }

    /// Commands whose name starts with these words (`help users`).
    public func commands(startingWith prefix: [String]) -> [any ScriptCommand] {
        all.filter { $0.name.count >= prefix.count && Array($0.name[0..<prefix.count]) == prefix }
    }

    /// A copy to extend per test without touching the shared one.
    public func copy() -> CommandRegistry {
        let r = CommandRegistry()
        for c in all { r.register(c) }
        return r
    }
}
