"""Knock's official Python SDK (strict response validation) through a workflow's whole life on the
local engine: trigger → user messages → content → delivery logs → feed counts → mark read/seen →
counts change → batch forms → a batch closed by advancing the engine's clock.

Needs the server started with `--workflows recipes/workflows` (scripts/stages/conformance does).
"""
import httpx

from conftest import SK, URL, uid


def feed_meta(knock, user_id, channel_id, **params):
    raw = knock.users.feeds.with_raw_response.list_items(user_id, channel_id, **params)
    raw.parse()  # validates the entries against the SDK's models
    return raw.http_response.json()["meta"]


def admin(path, body=None):
    r = httpx.post(f"{URL}{path}", json=body or {}, headers={"Authorization": f"Bearer {SK}"})
    r.raise_for_status()
    return r.json()


def test_trigger_to_feed_counts_and_status_changes(knock):
    user_id = uid("user")
    knock.users.update(user_id, name="Ada", email="ada@example.com")
    run = knock.workflows.trigger("welcome", recipients=[user_id], data={"workspace_name": "Acme"})

    messages = list(knock.users.list_messages(user_id, workflow_run_id=run.workflow_run_id))
    assert len(messages) == 2
    by_type = {m.channel.type: m for m in messages}
    email, feed = by_type["email"], by_type["in_app_feed"]
    assert email.status == "delivered" and feed.status == "delivered"
    assert feed.source.key == "welcome"

    content = knock.messages.get_content(email.id)
    assert content.message_id == email.id
    assert content.data.subject_line == "Welcome to Acme, Ada"
    logs = list(knock.messages.list_delivery_logs(email.id))
    assert len(logs) == 1 and logs[0].service_name
    assert [e.type for e in knock.messages.list_events(email.id)][-1] == "message.created"

    channel = feed.channel_id
    items = list(knock.users.feeds.list_items(user_id, channel))
    assert [i.id for i in items] == [feed.id]
    assert items[0].blocks
    assert feed_meta(knock, user_id, channel) == {"__typename": "FeedMetadata", "total_count": 1, "unread_count": 1, "unseen_count": 1}

    seen = knock.messages.mark_as_seen(feed.id)
    assert seen.seen_at is not None and seen.engagement_statuses == ["seen"]
    assert feed_meta(knock, user_id, channel)["unseen_count"] == 0
    read = knock.messages.mark_as_read(feed.id)
    assert read.read_at is not None
    assert feed_meta(knock, user_id, channel)["unread_count"] == 0
    assert [e.type for e in knock.messages.list_events(feed.id)][:2] == ["message.read", "message.seen"]

    unread = knock.messages.batch.mark_as_unread(message_ids=[feed.id])
    assert [m.read_at for m in unread] == [None]
    assert feed_meta(knock, user_id, channel)["unread_count"] == 1
    knock.messages.mark_as_interacted(feed.id, metadata={"button": "primary"})
    archived = knock.messages.archive(feed.id)
    assert archived.archived_at is not None
    assert feed_meta(knock, user_id, channel)["total_count"] == 0
    knock.messages.unarchive(feed.id)

    contents = knock.messages.batch.get_content(message_ids=[email.id, feed.id])
    assert [c.message_id for c in contents] == [email.id, feed.id]
    runs = list(knock.workflow_recipient_runs.list(workflow="welcome"))
    assert any(r.workflow_run_id == run.workflow_run_id and r.status == "completed" for r in runs)


def test_alias_paths_answer_messages_like_their_entries(knock):
    """`DELETE /v1/messages/{id}/unseen|unread|unarchived` (the spec's second paths, which the
    SDK does not call) through the SDK's own request method, parsed strictly as `Message`."""
    from knockapi.types import Message

    user_id = uid("user")
    knock.users.update(user_id, name="Ada", email="ada@example.com")
    run = knock.workflows.trigger("welcome", recipients=[user_id], data={"workspace_name": "Acme"})
    feed = next(m for m in knock.users.list_messages(user_id, workflow_run_id=run.workflow_run_id) if m.channel.type == "in_app_feed")
    knock.messages.mark_as_seen(feed.id)
    knock.messages.mark_as_read(feed.id)
    knock.messages.archive(feed.id)

    unarchived = knock.delete(f"/v1/messages/{feed.id}/unarchived", cast_to=Message)
    assert unarchived.id == feed.id and unarchived.archived_at is None
    assert unarchived.engagement_statuses == ["seen", "read"]
    unseen = knock.delete(f"/v1/messages/{feed.id}/unseen", cast_to=Message)
    assert unseen.seen_at is None and unseen.engagement_statuses == ["read"]
    unread = knock.delete(f"/v1/messages/{feed.id}/unread", cast_to=Message)
    assert unread.read_at is None and unread.engagement_statuses == []
    assert feed_meta(knock, user_id, feed.channel_id) == {"__typename": "FeedMetadata", "total_count": 1, "unread_count": 1, "unseen_count": 1}
    assert [e.type for e in knock.messages.list_events(feed.id)][:3] == ["message.unread", "message.unseen", "message.unarchived"]


def test_batch_closed_by_advancing_the_clock(knock):
    user_id = uid("user")
    knock.users.update(user_id, name="Ada", email="ada@example.com")
    admin("/_admin/clock/freeze")
    try:
        post = uid("post")
        for n in range(3):
            knock.workflows.trigger("comment-digest", recipients=[user_id], data={"post_id": post, "post_title": "Hi", "comment": f"c{n}"})
        assert list(knock.users.list_messages(user_id)) == []
        admin("/_admin/clock/advance", {"duration": "10m"})
        messages = list(knock.users.list_messages(user_id))
        assert len(messages) == 1
        assert len(list(knock.messages.list_activities(messages[0].id))) == 3
        assert knock.messages.get_content(messages[0].id).data.subject_line.startswith("3 new comments")
    finally:
        admin("/_admin/clock/unfreeze")
