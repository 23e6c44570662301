"""Seeds N users straight into a stopped engine's SQLite file (environment row 1), in the same
row format the engine writes, so the list benchmark can start from a million users in seconds."""
import json
import sqlite3
import sys
import time

path, count = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
now = int(time.time() * 1_000_000)
env = db.execute("SELECT seq FROM environments ORDER BY seq LIMIT 1").fetchone()[0]
batch = []
for i in range(count):
    doc = json.dumps({"name": f"Seed User {i}", "email": f"seed{i}@example.com", "plan": {"tier": "free"}}, separators=(",", ":"))
    batch.append((env, f"seed-{i:07d}", doc, now + i, now + i))
    if len(batch) == 50_000:
        db.executemany("INSERT INTO users(env, id, doc, inserted_at, updated_at) VALUES(?,?,?,?,?)", batch)
        batch.clear()
if batch:
    db.executemany("INSERT INTO users(env, id, doc, inserted_at, updated_at) VALUES(?,?,?,?,?)", batch)
db.commit()
print(db.execute("SELECT count(*) FROM users").fetchone()[0])
