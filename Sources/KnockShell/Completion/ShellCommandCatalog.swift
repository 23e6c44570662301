/// What completion knows about commands: sections, their operations, each operation's options
/// and the values its positional arguments take.
///
/// `knocksh` implements this over KnockAPI's endpoint catalog (plus workflow and channel keys
/// from the target); the demo and tests use `StaticCommandCatalog`.
///
/// ```swift
/// struct APICatalog: ShellCommandCatalog {
///     var sections: [String] { Catalog.sections }
///     func operations(in section: String) -> [String] { Catalog.operations(section) }
///     func options(section: String, operation: String) -> [String] { ["--page-size", "--after"] }
/// }
/// ```
public protocol ShellCommandCatalog: Sendable {
    var sections: [String] { get }
    func operations(in section: String) -> [String]
    /// Option names with their dashes: `--page-size`.
    func options(section: String, operation: String) -> [String]
    /// Candidates for the positional argument at `position` (0-based), e.g. workflow keys.
    func argumentValues(section: String, operation: String, position: Int) -> [String]
}

extension ShellCommandCatalog {
    public func options(section: String, operation: String) -> [String] { [] }
    public func argumentValues(section: String, operation: String, position: Int) -> [String] { [] }
}

/// A catalog written out in full.
///
/// ```swift
/// let catalog = StaticCommandCatalog([
///     "users": ["get": [], "list": ["--page-size", "--after"]],
///     "workflows": ["trigger": ["--cancellation-key"]],
/// ], argumentValues: ["workflows trigger": [["new-comment", "comment-digest"]]])
/// ```
public struct StaticCommandCatalog: ShellCommandCatalog {
    private let commands: [String: [String: [String]]]
    private let values: [String: [[String]]]

    /// `commands[section][operation]` lists the options; `argumentValues["section operation"][i]`
    /// lists candidates for positional argument `i`.
    public init(_ commands: [String: [String: [String]]], argumentValues: [String: [[String]]] = [:]) {
        self.commands = commands
        self.values = argumentValues
    }

    public var sections: [String] { commands.keys.sorted() }
    public func operations(in section: String) -> [String] { (commands[section] ?? [:]).keys.sorted() }
    public func options(section: String, operation: String) -> [String] { commands[section]?[operation] ?? [] }
    public func argumentValues(section: String, operation: String, position: Int) -> [String] {
        guard let lists = values["\(section) \(operation)"], lists.indices.contains(position) else { return [] }
        return lists[position]
    }
}
