/// Everything a running script can reach besides its own variables: the command registry, the
/// cancellation flag, where `print` writes, `--var` values, `$_`, and attachments that other
/// modules hang on it (an API client for this test's environment, for instance).
///
/// One context belongs to one test and is used from that test's thread only; only
/// `cancellation` is touched from other threads.
///
/// ```swift
/// let context = ExecutionContext(registry: registry, output: StandardOutput())
/// context.variables["base"] = .string("https://example.com")
/// context.attach(myClient)                        // later: context.attachment(MyClient.self)
/// ```
public final class ExecutionContext: @unchecked Sendable {
    public var registry: CommandRegistry
    public let cancellation: CancellationFlag
    public var output: any OutputSink
    /// `--var k=v` values, read as `$k`.
    public var variables: [String: Value]
    /// The last command's result, `$_`.
    public var lastResult: Value = .null
    /// Stops a run after about this many loop iterations and calls (for fuzzing and sandboxes).
    public var stepBudget: Int?
    /// Where `import "..."` paths start when the script has no file (`-c`, stdin).
    public var workingDirectory: String = "."
    private var attachments: [ObjectIdentifier: Any] = [:]

    public init(registry: CommandRegistry, output: any OutputSink = StandardOutput(), variables: [String: Value] = [:], cancellation: CancellationFlag = CancellationFlag()) {
        self.registry = registry
        self.output = output
        self.variables = variables
        self.cancellation = cancellation
    }

    /// Stores a value by its type, for commands to find with `attachment(_:)`.
    public func attach<T>(_ value: T) {
        attachments[ObjectIdentifier(T.self)] = value
    }

    public func attachment<T>(_ type: T.Type) -> T? {
        attachments[ObjectIdentifier(T.self)] as? T
    }
}

/// Where `print` and `show` write.
public protocol OutputSink: AnyObject {
    func write(_ text: String)
}

/// Writes straight to standard output (the `-c`/`-f` modes).
public final class StandardOutput: OutputSink {
    public init() {}
    public func write(_ text: String) {
        Console.writeStdout(text)
    }
}

/// Collects output in memory: each test in a run gets one, shown with its result.
public final class BufferedOutput: OutputSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) {
        if self.text.utf8.count < 1_000_000 { self.text += text }
    }
}
