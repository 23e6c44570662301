"""Writes the benchmark scenario N times as one .knock file: N tests, each against a fresh
environment of the embedded engine (what `knocksh run` gives every test).

Usage: python3 make_recipe.py N OUT.knock
"""
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
}}
''')
with open(out, "w") as f:
    f.write("# The benchmark scenario (scripts/bench scenarios): identify, trigger, wait for the in-app\n"
            "# message, read its content, assert on it.\n\n" + "\n".join(tests))
