"""Writes the benchmark scenario N times, one test per .knock file in DIR, each test against a
fresh environment of the embedded engine (what `knocksh run` gives every test).

One file per test, as a cookbook would be written. (It was also needed while the runner compiled
a test's whole file for every test; it now compiles a file once per worker, and 1,000 tests in
one file cost the same: docs/benchmarks.md.)

Usage: python3 make_recipe.py N DIR
"""
import os
import sys

IN_APP_CHANNEL = "5c43dab5-86aa-5dd4-9af6-9cb7a5b99572"  # recipes/workflows: the in-app-feed channel's id

n, out = int(sys.argv[1]), sys.argv[2]
tests = []
for i in range(n):
    tests.append(f'''test "welcome {i}" {{
  users identify u{i} {{name: "User {i}", email: "user{i}@example.com"}}
  let run = workflows trigger welcome {{recipients: ["u{i}"], data: {{workspace_name: "Acme"}}}}
  let msg = wait message --run $run.workflow_run_id --channel {IN_APP_CHANNEL} --status delivered within 10s
  expect $msg.recipient == "u{i}"
  let body = (messages content $msg.id).data.blocks | find name == "body"
  expect $body.rendered contains "Welcome aboard, <strong>User {i}</strong>!"
  messages mark-read $msg.id
  expect (feeds get u{i} {IN_APP_CHANNEL}).meta.unread_count == 0
}}
''')
os.makedirs(out, exist_ok=True)
for i, test in enumerate(tests):
    with open(os.path.join(out, f"welcome-{i:04d}.knock"), "w") as f:
        f.write("# The benchmark scenario (scripts/bench scenarios): identify, trigger, wait for the in-app\n"
                "# message, read its content, mark it read, check the feed's unread count.\n\n" + test)
