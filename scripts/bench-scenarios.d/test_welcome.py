"""The benchmark scenario with pytest and Knock's Python SDK (knockapi), against `knocksh serve`:
identify, trigger, wait for the in-app message, read its content, mark it read, check the feed's
unread count. The same steps
and the same polling (2 ms doubling to 500 ms) as the knocksh recipe.

BENCH_URL, BENCH_KEY: the engine and its secret key; BENCH_N: how many scenarios.
"""
import os
import time
import uuid

import pytest
from knockapi import Knock

IN_APP_CHANNEL = "5c43dab5-86aa-5dd4-9af6-9cb7a5b99572"
RUN = uuid.uuid4().hex[:8]  # one engine serves every run: user ids must not repeat
client = Knock(api_key=os.environ["BENCH_KEY"], base_url=os.environ["BENCH_URL"])


def wait_message(run_id, within=10.0):
    deadline = time.monotonic() + within
    delay = 0.002
    while True:
        page = client.messages.list(workflow_run_id=run_id, channel_id=IN_APP_CHANNEL, page_size=50)
        for message in page.items:
            if message.status == "delivered":
                return message
        if time.monotonic() >= deadline:
            raise AssertionError(f"no delivered in-app message for run {run_id} within {within}s")
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, 0.5)


@pytest.mark.parametrize("i", range(int(os.environ.get("BENCH_N", "1000"))))
def test_welcome(i):
    user = f"u{RUN}-{i}"
    client.users.update(user, name=f"User {i}", email=f"user{i}@example.com")
    run = client.workflows.trigger("welcome", recipients=[user], data={"workspace_name": "Acme"})
    message = wait_message(run.workflow_run_id)
    assert message.recipient == user
    content = client.messages.get_content(message.id)
    body = next(block for block in content.data.blocks if block.name == "body")
    assert f"Welcome aboard, <strong>User {i}</strong>!" in body.rendered
    client.messages.mark_as_read(message.id)
    # The SDK's feed page keeps entries and page_info; the counts are in the raw body's `meta`.
    feed = client.users.feeds.with_raw_response.list_items(user, IN_APP_CHANNEL).http_response.json()
    assert feed["meta"]["unread_count"] == 0
