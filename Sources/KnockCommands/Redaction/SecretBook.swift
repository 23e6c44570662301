import KnockAPI
import KnockScript

/// The secrets of a run (the API key, each test environment's keys, user tokens), shared by
/// every output path: reporters, the JUnit file, `print`/`show` output and error messages all
/// pass their text through `redact`. Keys are added as environments are made, so it grows.
///
/// ```swift
/// let book = SecretBook(["sk_test_abc123def456"])
/// book.add(["sk_env_0123456789"])
/// book.redact("key=sk_env_0123456789")   // "key=[redacted]"
/// ```
public final class SecretBook: Sendable {
    private let redactor: Locked<Redactor>

    public init(_ secrets: [String] = []) {
        redactor = Locked(Redactor(secrets: secrets))
    }

    public func add(_ secrets: [String]) {
        let fresh = secrets.filter { !$0.isEmpty }
        guard !fresh.isEmpty else { return }
        // In place: the redactor computes the new secrets' forms only.
        redactor.withLock { $0.add(fresh) }
    }

    public var secrets: [String] { redactor.withLock { $0.secrets } }

    /// The text with every secret, and every `sk_`/`pk_` key or JWT, replaced by `[redacted]`.
    public func redact(_ text: String) -> String {
        redactor.withLock { $0 }.redact(text)
    }
}

/// An output sink that hides secrets before they reach the real one (`print`/`show` in `-c`).
///
/// ```swift
/// context.output = RedactingOutput(StandardOutput(), secrets: book)
/// ```
public final class RedactingOutput: OutputSink {
    let inner: any OutputSink
    let secrets: SecretBook

    public init(_ inner: any OutputSink, secrets: SecretBook) {
        self.inner = inner
        self.secrets = secrets
    }

    public func write(_ text: String) { inner.write(secrets.redact(text)) }
}
