"""Seeds N in-app messages straight into a stopped engine's SQLite file by copying one real
message row (left by a trigger before the engine stopped) under new ids, spread over 1,000 users,
so the feed benchmark can start from a million messages in seconds. Prints the count stored."""
import json
import sqlite3
import sys

path, count = sys.argv[1], int(sys.argv[2])
users = 1000
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
cols = ("env, id, recipient_collection, recipient_id, channel_id, workflow, tenant, status, workflow_run_id, "
        "workflow_recipient_run_id, inserted_at, seen_at, read_at, interacted_at, link_clicked_at, archived_at, doc, contents")
row = db.execute(f"SELECT {cols} FROM messages WHERE channel_id = ? LIMIT 1", (sys.argv[3],)).fetchone()
if row is None:
    sys.exit("seed_messages: no in-app message to copy (trigger one before stopping the engine)")
template = list(row)
doc = json.loads(template[16])
batch = []
for i in range(count):
    r = list(template)
    r[1] = f"seed{i:023d}"
    r[3] = f"bench-user-{i % users}"
    r[10] = template[10] + i
    doc["id"], doc["recipient"], doc["inserted_at"] = r[1], r[3], r[10]
    r[16] = json.dumps(doc, separators=(",", ":"))
    r[17] = r[17].replace(template[1], r[1]) if r[17] else r[17]
    batch.append(r)
    if len(batch) == 50_000:
        db.executemany(f"INSERT INTO messages({cols}) VALUES({','.join('?' * 18)})", batch)
        batch.clear()
if batch:
    db.executemany(f"INSERT INTO messages({cols}) VALUES({','.join('?' * 18)})", batch)
db.commit()
print(db.execute("SELECT count(*) FROM messages").fetchone()[0])
