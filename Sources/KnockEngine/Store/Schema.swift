/// The database schema as an append-only list of migrations, applied in order and remembered in
/// `PRAGMA user_version`, so a `--db` file from an older build opens in a newer one.
///
/// To add a table: append a migration (never edit a shipped one) and, when its rows belong to an
/// environment, add its name to `environmentTables` so deleting an environment clears it.
///
/// ```swift
/// // Schema.swift
/// static let migrations = [ ..., "CREATE TABLE messages(seq INTEGER PRIMARY KEY, env INTEGER NOT NULL, ...)" ]
/// static let environmentTables = [ ..., "messages" ]
/// ```
///
/// Conventions: `seq INTEGER PRIMARY KEY` is the keyset-pagination key (monotonic, so cursors stay
/// stable while rows are added); `env` leads every index; documents are JSON text in `doc`;
/// times are integer microseconds (`Timestamp.microseconds`). A recipient is `(collection, id)`
/// with collection `$users` for users, so preferences, channel data and subscriptions treat users
/// and objects alike.
enum Schema {
    static let migrations: [String] = [
        """
        CREATE TABLE environments(
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
            secret_key TEXT NOT NULL UNIQUE, publishable_key TEXT NOT NULL UNIQUE,
            settings TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL);
        CREATE TABLE users(
            seq INTEGER PRIMARY KEY, env INTEGER NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL,
            inserted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        CREATE UNIQUE INDEX users_id ON users(env, id);
        CREATE INDEX users_seq ON users(env, seq);
        CREATE TABLE objects(
            seq INTEGER PRIMARY KEY, env INTEGER NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL,
            doc TEXT NOT NULL, inserted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        CREATE UNIQUE INDEX objects_id ON objects(env, collection, id);
        CREATE INDEX objects_seq ON objects(env, collection, seq);
        CREATE TABLE channel_data(
            env INTEGER NOT NULL, collection TEXT NOT NULL, recipient_id TEXT NOT NULL,
            channel_id TEXT NOT NULL, data TEXT NOT NULL, updated_at INTEGER NOT NULL,
            PRIMARY KEY(env, collection, recipient_id, channel_id)) WITHOUT ROWID;
        CREATE TABLE preference_sets(
            env INTEGER NOT NULL, collection TEXT NOT NULL, recipient_id TEXT NOT NULL,
            set_id TEXT NOT NULL, doc TEXT NOT NULL, updated_at INTEGER NOT NULL,
            PRIMARY KEY(env, collection, recipient_id, set_id)) WITHOUT ROWID;
        CREATE TABLE subscriptions(
            seq INTEGER PRIMARY KEY, env INTEGER NOT NULL,
            object_collection TEXT NOT NULL, object_id TEXT NOT NULL,
            recipient_collection TEXT NOT NULL, recipient_id TEXT NOT NULL,
            properties TEXT, inserted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        CREATE UNIQUE INDEX subscriptions_key ON subscriptions(env, object_collection, object_id, recipient_collection, recipient_id);
        CREATE INDEX subscriptions_object ON subscriptions(env, object_collection, object_id, seq);
        CREATE INDEX subscriptions_recipient ON subscriptions(env, recipient_collection, recipient_id, seq);
        CREATE TABLE audiences(
            env INTEGER NOT NULL, key TEXT NOT NULL, inserted_at INTEGER NOT NULL,
            PRIMARY KEY(env, key)) WITHOUT ROWID;
        CREATE TABLE audience_members(
            seq INTEGER PRIMARY KEY, env INTEGER NOT NULL, audience_key TEXT NOT NULL,
            user_id TEXT NOT NULL, tenant TEXT NOT NULL DEFAULT '', added_at INTEGER NOT NULL);
        CREATE UNIQUE INDEX audience_members_key ON audience_members(env, audience_key, user_id, tenant);
        CREATE INDEX audience_members_seq ON audience_members(env, audience_key, seq);
        CREATE TABLE bulk_operations(
            seq INTEGER PRIMARY KEY, env INTEGER NOT NULL, id TEXT NOT NULL, status TEXT NOT NULL,
            doc TEXT NOT NULL, work TEXT NOT NULL, updated_at INTEGER NOT NULL);
        CREATE UNIQUE INDEX bulk_operations_id ON bulk_operations(env, id);
        CREATE INDEX bulk_operations_status ON bulk_operations(status, seq);
        CREATE TABLE schedules(
            seq INTEGER PRIMARY KEY, env INTEGER NOT NULL, id TEXT NOT NULL, workflow TEXT NOT NULL,
            recipient_collection TEXT NOT NULL, recipient_id TEXT NOT NULL, tenant TEXT,
            doc TEXT NOT NULL, next_occurrence_at INTEGER, inserted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        CREATE UNIQUE INDEX schedules_id ON schedules(env, id);
        CREATE INDEX schedules_workflow ON schedules(env, workflow, seq);
        CREATE INDEX schedules_recipient ON schedules(env, recipient_collection, recipient_id, seq);
        CREATE INDEX schedules_due ON schedules(next_occurrence_at) WHERE next_occurrence_at IS NOT NULL;
        """,
        // Messages and what hangs off them (`SQLiteMessageStore`). The filter columns copy fields of
        // `doc` so lists are index range scans; `recipient_collection` is `$users` for users.
        """
        CREATE TABLE messages(
            seq INTEGER PRIMARY KEY, env INTEGER NOT NULL, id TEXT NOT NULL,
            recipient_collection TEXT NOT NULL, recipient_id TEXT NOT NULL, channel_id TEXT NOT NULL,
            workflow TEXT NOT NULL, tenant TEXT, status TEXT NOT NULL,
            workflow_run_id TEXT NOT NULL, workflow_recipient_run_id TEXT NOT NULL,
            inserted_at INTEGER NOT NULL, seen_at INTEGER, read_at INTEGER, interacted_at INTEGER,
            link_clicked_at INTEGER, archived_at INTEGER, doc TEXT NOT NULL, contents TEXT);
        CREATE UNIQUE INDEX messages_id ON messages(env, id);
        CREATE INDEX messages_seq ON messages(env, seq);
        CREATE INDEX messages_recipient ON messages(env, recipient_collection, recipient_id, seq);
        CREATE INDEX messages_feed ON messages(env, recipient_collection, recipient_id, channel_id, seq);
        CREATE INDEX messages_run ON messages(env, workflow_run_id, seq);
        CREATE INDEX messages_recipient_run ON messages(env, workflow_recipient_run_id, seq);
        CREATE INDEX messages_channel ON messages(env, channel_id, seq);
        CREATE TABLE message_events(
            seq INTEGER PRIMARY KEY, env INTEGER NOT NULL, message_id TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX message_events_message ON message_events(env, message_id, seq);
        CREATE TABLE message_delivery_logs(
            seq INTEGER PRIMARY KEY, env INTEGER NOT NULL, message_id TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX message_delivery_logs_message ON message_delivery_logs(env, message_id, seq);
        CREATE TABLE message_activities(
            env INTEGER NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(env, id)) WITHOUT ROWID;
        CREATE TABLE outbox(
            seq INTEGER PRIMARY KEY, env INTEGER NOT NULL, message_id TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE UNIQUE INDEX outbox_message ON outbox(env, message_id);
        CREATE TABLE workflow_recipient_runs(
            seq INTEGER PRIMARY KEY, env INTEGER NOT NULL, id TEXT NOT NULL, workflow TEXT NOT NULL,
            workflow_run_id TEXT NOT NULL, status TEXT NOT NULL, recipient_collection TEXT NOT NULL,
            recipient_id TEXT NOT NULL, tenant TEXT, error_count INTEGER NOT NULL, inserted_at INTEGER NOT NULL,
            doc TEXT NOT NULL);
        CREATE UNIQUE INDEX workflow_recipient_runs_id ON workflow_recipient_runs(env, id);
        CREATE INDEX workflow_recipient_runs_seq ON workflow_recipient_runs(env, seq);
        CREATE INDEX workflow_recipient_runs_workflow ON workflow_recipient_runs(env, workflow, seq);
        CREATE INDEX workflow_recipient_runs_run ON workflow_recipient_runs(env, workflow_run_id, seq);
        """,
        // In-flight runtime state (`SQLiteRuntimeStateStore`): paused runs, open batches, throttle
        // windows, held and retried deliveries, the clock, idempotency keys, trigger-frequency marks
        // and the workflow versions paused runs are pinned to. One JSON document per (kind, key);
        // the runtime reloads an environment's rows when it starts (docs/engine.md "Persistence").
        """
        CREATE TABLE runtime_state(
            env INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL,
            PRIMARY KEY(env, kind, key)) WITHOUT ROWID;
        """,
        // Feed badge counts kept per (env, recipient, channel) by triggers in the transaction that
        // changes a message, so a feed's meta costs one row read, not a count over every message of
        // the recipient (`SQLiteMessageStore.engagementCounts`). Archived messages are not counted
        // (the feed's rule); the counts of messages already stored are computed once here.
        """
        CREATE TABLE message_counts(
            env INTEGER NOT NULL, recipient_collection TEXT NOT NULL, recipient_id TEXT NOT NULL, channel_id TEXT NOT NULL,
            total INTEGER NOT NULL, unread INTEGER NOT NULL, unseen INTEGER NOT NULL,
            PRIMARY KEY(env, recipient_collection, recipient_id, channel_id)) WITHOUT ROWID;
        INSERT INTO message_counts
            SELECT env, recipient_collection, recipient_id, channel_id, count(*), sum(read_at IS NULL), sum(seen_at IS NULL)
            FROM messages WHERE archived_at IS NULL GROUP BY env, recipient_collection, recipient_id, channel_id;
        CREATE TRIGGER message_counts_insert AFTER INSERT ON messages BEGIN
            INSERT INTO message_counts VALUES(new.env, new.recipient_collection, new.recipient_id, new.channel_id,
                new.archived_at IS NULL, new.archived_at IS NULL AND new.read_at IS NULL, new.archived_at IS NULL AND new.seen_at IS NULL)
            ON CONFLICT DO UPDATE SET total = total + excluded.total, unread = unread + excluded.unread, unseen = unseen + excluded.unseen;
        END;
        CREATE TRIGGER message_counts_delete AFTER DELETE ON messages BEGIN
            INSERT INTO message_counts VALUES(old.env, old.recipient_collection, old.recipient_id, old.channel_id,
                -(old.archived_at IS NULL), -(old.archived_at IS NULL AND old.read_at IS NULL), -(old.archived_at IS NULL AND old.seen_at IS NULL))
            ON CONFLICT DO UPDATE SET total = total + excluded.total, unread = unread + excluded.unread, unseen = unseen + excluded.unseen;
        END;
        CREATE TRIGGER message_counts_update AFTER UPDATE OF read_at, seen_at, archived_at, env, recipient_collection, recipient_id, channel_id ON messages BEGIN
            INSERT INTO message_counts VALUES(old.env, old.recipient_collection, old.recipient_id, old.channel_id,
                -(old.archived_at IS NULL), -(old.archived_at IS NULL AND old.read_at IS NULL), -(old.archived_at IS NULL AND old.seen_at IS NULL))
            ON CONFLICT DO UPDATE SET total = total + excluded.total, unread = unread + excluded.unread, unseen = unseen + excluded.unseen;
            INSERT INTO message_counts VALUES(new.env, new.recipient_collection, new.recipient_id, new.channel_id,
                new.archived_at IS NULL, new.archived_at IS NULL AND new.read_at IS NULL, new.archived_at IS NULL AND new.seen_at IS NULL)
            ON CONFLICT DO UPDATE SET total = total + excluded.total, unread = unread + excluded.unread, unseen = unseen + excluded.unseen;
        END;
        """,
        // `SQLiteMessageStore.insert` adds a new message's counts itself, in the same write (the
        // trigger's program per insert cost more than the insert's seven index updates).
        "DROP TRIGGER message_counts_insert;",
        // The runtime asks for its environment's earliest schedule at the end of every job (to arm
        // its wake-up); without `env` in the index SQLite sorted the environment's schedules each time.
        "CREATE INDEX schedules_env_due ON schedules(env, next_occurrence_at) WHERE next_occurrence_at IS NOT NULL;",
    ]

    /// Tables whose rows belong to one environment (`env` column).
    static let environmentTables = [
        "users", "objects", "channel_data", "preference_sets", "subscriptions", "audiences",
        "audience_members", "bulk_operations", "schedules",
        "messages", "message_events", "message_delivery_logs", "message_activities", "outbox",
        "workflow_recipient_runs", "runtime_state", "message_counts",
    ]

    static func migrate(_ db: Database) throws(StoreError) {
        let version = try db.first("PRAGMA user_version") { Int($0.int(0)) } ?? 0
        guard version < migrations.count else { return }
        try db.transaction { () throws(StoreError) in
            for (i, sql) in migrations.enumerated() where i >= version {
                try db.execute(sql)
            }
            try db.execute("PRAGMA user_version = \(migrations.count)")
        }
    }
}
