#!/usr/bin/env python3
"""Workflow runtime benchmarks against a running `knocksh serve`, over loopback HTTP with one
keep-alive connection (engine_http.py: a lean raw-socket HTTP/1.1 client, so the times are the
engine's, not Python's; http.client added ~0.1-0.3 ms per request).

  runtime.py URL KEY [triggers] [server pid]

1. trigger -> message visible: POST /v1/workflows/bench-one/trigger for one user, then
   GET /v1/messages?workflow_run_id=... until the message is listed; p50/p99 of that wall time.
2. 1,000-recipient fan-out: one trigger naming 1,000 identified users by id, one naming 1,000
   inline identifications, and one naming an object with 1,000 subscribers; wall time from the
   POST until the first messages page for the run answers (reads wait for the runs to finish).
   Each run is then paged through (untimed) to check that it left exactly 1,000 messages.
With the server's pid, the server's CPU time (user + system, from /proc, 10 ms ticks) is shown
too: on a machine shared with other builds it says what the work cost when wall time cannot.
"""
import os
import sys
import time
import urllib.parse

from engine_http import connect

url, key = sys.argv[1], sys.argv[2]
triggers = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
server_pid = sys.argv[4] if len(sys.argv) > 4 else None
ticks = os.sysconf("SC_CLK_TCK")


def server_cpu_ms():
    if not server_pid:
        return 0.0
    fields = open(f"/proc/{server_pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / ticks
call = connect(url, key)


def trigger(workflow, body):
    return call("POST", f"/v1/workflows/{workflow}/trigger", body)["workflow_run_id"]


def messages_page(run_id, after=None):
    q = {"workflow_run_id": run_id, "page_size": "50"}
    if after:
        q["after"] = after
    return call("GET", "/v1/messages?" + urllib.parse.urlencode(q))


def count_messages(run_id):
    ids, after = [], None
    while True:
        page = messages_page(run_id, after)
        ids += [m["recipient"] if isinstance(m["recipient"], str) else m["recipient"]["id"] for m in page["items"]]
        after = page["page_info"]["after"]
        if not after:
            return ids


def pct(samples, p):
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * p / 100))]


# 1. trigger -> message visible
call("PUT", "/v1/users/bench-u1", {"name": "Ada", "email": "ada@example.com"})
for _ in range(50):  # warm-up
    trigger("bench-one", {"recipients": ["bench-u1"], "data": {"n": 0}})
samples, polls = [], 0
cpu0 = server_cpu_ms()
for i in range(triggers):
    t0 = time.perf_counter()
    run_id = trigger("bench-one", {"recipients": ["bench-u1"], "data": {"n": i}})
    while True:
        polls += 1
        if messages_page(run_id)["items"]:
            break
    samples.append((time.perf_counter() - t0) * 1000)
cpu = server_cpu_ms() - cpu0
print(f"trigger -> message visible, {triggers} sequential triggers ({polls} message-list polls): "
      f"p50 {pct(samples, 50):.2f} ms, p99 {pct(samples, 99):.2f} ms, max {max(samples):.2f} ms"
      + (f"; server CPU {cpu / triggers:.2f} ms per trigger + poll" if server_pid else ""))

# 2. 1,000-recipient fan-out
ids = [f"fan-{i}" for i in range(1000)]
for i, uid in enumerate(ids):
    call("PUT", f"/v1/users/{uid}", {"name": f"User {i}", "email": f"{uid}@example.com"})
call("PUT", "/v1/objects/projects/bench-project", {"name": "Bench project"})
for start in range(0, 1000, 100):
    call("POST", "/v1/objects/projects/bench-project/subscriptions", {"recipients": ids[start:start + 100]})

cases = [
    ("1,000 user ids", {"recipients": ids}),
    ("1,000 inline identifications", {"recipients": [{"id": f"inline-{i}", "name": f"Inline {i}", "email": f"inline-{i}@example.com"} for i in range(1000)]}),
    ("object with 1,000 subscribers", {"recipients": [{"id": "bench-project", "collection": "projects"}]}),
]
rounds = 3
for label, body in cases:
    times, cpus = [], []
    for r in range(rounds):
        c0 = server_cpu_ms()
        t0 = time.perf_counter()
        run_id = trigger("bench-one", body)
        messages_page(run_id)
        times.append((time.perf_counter() - t0) * 1000)
        cpus.append(server_cpu_ms() - c0)
        got = count_messages(run_id)
        expected = 1001 if "object" in label else 1000  # the object itself is a recipient too
        if len(got) != expected:
            raise SystemExit(f"{label}: expected {expected} messages, got {len(got)}")
    print(f"fan-out, {label}: " + ", ".join(f"{t:.0f} ms" for t in times) + f" (best {min(times):.0f} ms, {rounds} rounds)"
          + (f"; server CPU " + ", ".join(f"{c:.0f} ms" for c in cpus) if server_pid else ""))
