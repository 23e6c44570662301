import KnockCore

/// Completion candidates for the word before the cursor, merged from every source the shell has.
///
/// Which source answers depends on where the word is:
/// - `$na…`, `$run.wo…`, `$r.items[0].…`: variables and their fields (from their JSON values);
/// - after `import` or `.load`: `.knock` files and directories;
/// - first word of a statement: keywords, meta-commands (`.he…`) and API sections;
/// - after a section: its operations; `--…` after an operation: its options;
/// - other arguments: the catalog's values for that position (workflow keys...) and recent ids.
/// The evaluator's own candidates are added everywhere.
///
/// ```swift
/// let engine = CompletionEngine(catalog: catalog, variables: { evaluator.variables })
/// engine.complete(line: "$run.wo", cursor: 7)          // ["$run.workflow_run_id"]
/// engine.complete(line: "workflows tr", cursor: 12)    // ["trigger"]: the word, not the line
/// ```
public struct CompletionEngine: Sendable {
    public var keywords: [String]
    public var metaCommands: [String]
    public var catalog: any ShellCommandCatalog
    public var variables: @Sendable () -> [(name: String, value: JSON)]
    public var recentIds: RecentIds
    public var extra: @Sendable (_ line: String, _ cursor: Int) -> [String]
    public var files: @Sendable (_ partial: String) -> [String]

    public init(
        keywords: [String] = ShellKeywords.language,
        metaCommands: [String] = [],
        catalog: any ShellCommandCatalog = StaticCommandCatalog([:]),
        variables: @escaping @Sendable () -> [(name: String, value: JSON)] = { [] },
        recentIds: RecentIds = RecentIds(),
        extra: @escaping @Sendable (_ line: String, _ cursor: Int) -> [String] = { _, _ in [] },
        files: @escaping @Sendable (_ partial: String) -> [String] = { FileCandidates.complete($0) }
    ) {
        self.keywords = keywords
        self.metaCommands = metaCommands
        self.catalog = catalog
        self.variables = variables
        self.recentIds = recentIds
        self.extra = extra
        self.files = files
    }

    /// Candidates that replace the word ending at `cursor` (a `Character` offset), sorted, unique.
    public func complete(line: String, cursor: Int) -> [String] {
        let prefix = String(line.prefix(max(0, cursor)))
        let w = CompletionWord(prefix: prefix)
        var found = candidates(for: w).filter { $0.hasPrefix(w.core) }
        found += extra(line, cursor).filter { $0.hasPrefix(w.core) }
        var seen = Set<String>()
        return found.filter { seen.insert($0).inserted }.sorted().map { w.brackets + $0 }
    }

    private func candidates(for w: CompletionWord) -> [String] {
        if w.core.hasPrefix("$") {
            return VariablePaths.complete(w.core, variables: variables())
        }
        if w.lineWords.first == ".load" || w.lineWords.last == "import" {
            return files(w.core)
        }
        let words = w.commandWords
        if words.isEmpty {
            if w.core.hasPrefix(".") && w.lineWords.isEmpty { return metaCommands }
            return keywords + catalog.sections
        }
        let sections = Set(catalog.sections)
        guard let section = words.first, sections.contains(section) else {
            return keywords + recentIds.all
        }
        if words.count == 1 { return catalog.operations(in: section) }
        let operation = words[1]
        if w.core.hasPrefix("-") { return catalog.options(section: section, operation: operation) }
        let position = Self.positionalIndex(after: Array(words.dropFirst(2)))
        return catalog.argumentValues(section: section, operation: operation, position: position) + recentIds.all
    }

    /// Counts positional arguments so far; an option (`--page-size 10`) consumes the next word.
    static func positionalIndex(after arguments: [String]) -> Int {
        var count = 0
        var skipNext = false
        for a in arguments {
            if skipNext { skipNext = false; continue }
            if a.hasPrefix("--") { skipNext = true; continue }
            count += 1
        }
        return count
    }
}

/// Words the language reserves, offered at the start of a statement.
public enum ShellKeywords {
    public static let language = [
        "break", "catch", "clock", "continue", "else", "expect", "fail", "fn", "for", "help", "http",
        "if", "import", "let", "outbox", "print", "repeat", "return", "setup", "show", "skip", "sleep",
        "teardown", "test", "try", "wait", "while",
    ]
}
