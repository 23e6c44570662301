#!/usr/bin/env python3
"""Set-up and check for the trigger throughput benchmark (scripts/bench-engine.d/trigger.lua).

  trigger_load.py setup URL KEY                 identify load-0 … load-99
  trigger_load.py count URL KEY WRK_OUTPUT CONNECTIONS   count the messages the triggers left

`count` reads wrk's output (requests sent, seconds, non-2xx answers), then sums the in-app feed's
`meta.total_count` over the 100 users. The first feed read waits until the runtime has run every
trigger accepted before it, so its wait is the backlog left when wrk stopped: triggers/s is shown
both as accepted (wrk) and as completed (messages stored / (wrk time + backlog)). Exits non-zero
when a trigger was refused or a message is missing. wrk does not count the requests in flight when
it stops (at most one per connection), so up to CONNECTIONS more messages than answers may exist.
"""
import re
import sys
import time

from engine_http import connect

FEED = "5c43dab5-86aa-5dd4-9af6-9cb7a5b99572"  # name-based UUID of the channel key in-app-feed
USERS = 100

mode, url, key = sys.argv[1], sys.argv[2], sys.argv[3]
call = connect(url, key)


if mode == "setup":
    for i in range(USERS):
        call("PUT", f"/v1/users/load-{i}", {"name": f"Load {i}", "email": f"load-{i}@example.com"})
    sys.exit(0)

wrk = open(sys.argv[4]).read()
m = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", wrk)
if not m:
    raise SystemExit("trigger_load: no request count in wrk's output")
sent = int(m.group(1))
seconds = float(m.group(2)) * {"ms": 0.001, "s": 1, "m": 60}[m.group(3)]
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk)
refused = int(bad.group(1)) if bad else 0

t0 = time.perf_counter()
first = call("GET", f"/v1/users/load-0/feeds/{FEED}?page_size=1")["meta"]["total_count"]
backlog = time.perf_counter() - t0
stored = first + sum(call("GET", f"/v1/users/load-{i}/feeds/{FEED}?page_size=1")["meta"]["total_count"] for i in range(1, USERS))
accepted = sent - refused
print(f"triggers accepted: {accepted:,} in {seconds:.2f} s = {accepted / seconds:,.0f}/s ({refused} refused)")
print(f"messages stored: {stored:,} (answered triggers: {accepted:,}, plus up to {int(sys.argv[5])} in flight at the stop); backlog after wrk stopped: {backlog * 1000:.0f} ms; "
      f"completed: {stored / (seconds + backlog):,.0f} triggers/s (messages stored / (wrk time + backlog))")
connections = int(sys.argv[5])
if refused or not accepted <= stored <= accepted + connections:
    raise SystemExit("trigger_load: triggers refused or messages missing")
