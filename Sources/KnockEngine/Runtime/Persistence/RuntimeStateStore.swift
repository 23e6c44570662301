import Foundation
import KnockCore

/// What a runtime keeps between restarts, one JSON document per (kind, key) (docs/engine.md
/// "Persistence"): the state a paused workflow needs to go on where it stopped.
public enum RuntimeStateKind: String, Sendable, CaseIterable {
    /// A live run (paused, or an item of an open batch), by run id.
    case run
    /// An open batch window with its items, by batch identity.
    case batch
    /// A throttle window, by throttle identity.
    case throttle
    /// A message held for its send window or waiting for a provider retry, by message id.
    case delivery
    /// The environment clock (key `clock`).
    case clock
    /// A remembered `Idempotency-Key` response, by key.
    case idempotency
    /// A `trigger_frequency` mark (the workflow already ran for this recipient), by mark.
    case frequency
    /// A channel's queued injected failures (`/_admin/channels/{id}/failures`), by channel id.
    case failures
    /// The definition of a workflow version a stored run is pinned to, by version id.
    case workflowVersion = "workflow_version"
}

/// One change to write: a document to store, or one to forget.
public enum RuntimeStateChange: Sendable {
    case put(RuntimeStateKind, String, JSON)
    case delete(RuntimeStateKind, String)
}

/// Where a runtime's in-flight state lives. `apply` writes a batch of changes atomically (the
/// runtime calls it once at the end of each executor job); `load` reads everything back when
/// the runtime starts.
///
/// ```swift
/// let state = SQLiteRuntimeStateStore(store: engine.store, environment: env)
/// state.apply([.put(.clock, "clock", ["offset": 0.0])])
/// state.load()[.clock]?["clock"]   // {"offset": 0.0}
/// ```
public protocol RuntimeStateStore: AnyObject, Sendable {
    func load() -> [RuntimeStateKind: [String: JSON]]
    func apply(_ changes: [RuntimeStateChange])
}

/// `RuntimeStateStore` over the `runtime_state` table of the engine's database (a file with
/// `--db`, in memory otherwise: the same code either way).
///
/// Given the write buffer the runtime's message and run stores share, a job's state changes are
/// committed in the same transaction as its messages and runs: a crash cannot leave saved state
/// ahead of (or behind) the messages it describes.
public final class SQLiteRuntimeStateStore: RuntimeStateStore, @unchecked Sendable {
    private let store: Store
    private let env: Int64
    private let writes: StoreWriteBuffer

    public init(store: Store, environment: Environment, writes: StoreWriteBuffer? = nil) {
        self.store = store
        self.env = environment.rowID
        self.writes = writes ?? StoreWriteBuffer(store: store)
    }

    public func load() -> [RuntimeStateKind: [String: JSON]] {
        writes.flush()
        var out: [RuntimeStateKind: [String: JSON]] = [:]
        let rows = (try? store.read { db throws(StoreError) in
            try db.query("SELECT kind, key, doc FROM runtime_state WHERE env = ?", [.int(env)]) { row in
                (row.text(0), row.text(1), row.text(2))
            }
        }) ?? []
        for (kind, key, doc) in rows {
            guard let k = RuntimeStateKind(rawValue: kind), let json = try? JSON.parse(doc) else { continue }
            out[k, default: [:]][key] = json
        }
        return out
    }

    public func apply(_ changes: [RuntimeStateChange]) {
        guard !changes.isEmpty else { return }
        // Serialized now: the write may run later, when the job's batch commits.
        let rows: [(kind: String, key: String, doc: String?)] = changes.map { change in
            switch change {
            case .put(let kind, let key, let doc): (kind.rawValue, key, doc.serialized())
            case .delete(let kind, let key): (kind.rawValue, key, nil)
            }
        }
        let env = self.env
        writes.write { db throws(StoreError) in
            for row in rows {
                if let doc = row.doc {
                    try db.run("INSERT INTO runtime_state(env, kind, key, doc) VALUES(?,?,?,?) ON CONFLICT(env, kind, key) DO UPDATE SET doc = excluded.doc",
                               [.int(env), .text(row.kind), .text(row.key), .text(doc)])
                } else {
                    try db.run("DELETE FROM runtime_state WHERE env = ? AND kind = ? AND key = ?", [.int(env), .text(row.kind), .text(row.key)])
                }
            }
        }
    }
}
