"""Smoke test of the local engine with Knock's official Python SDK (knockapi).

Run by scripts/stages/conformance against `knocksh serve`; strict response validation makes the
SDK reject any response whose shape differs from what it expects of real Knock.
"""
import os
import time

import knockapi
import pytest
from knockapi import Knock

from conftest import URL, uid

PK = os.environ.get("KNOCK_ENGINE_PUBLISHABLE_KEY", "")
PUSH = "6a3d7bc6-6f0b-4b3f-9a7e-6b2f0f8e3c11"
SLACK = "0b7f9e38-2c4d-4a63-8a45-52f6c1d2a9f0"


def test_identify_get_list_delete(knock):
    user_id = uid("user")
    user = knock.users.update(user_id, name="Ada Lovelace", email="ada@example.com", extra_body={"plan": {"tier": "pro"}})
    assert user.id == user_id
    assert user.name == "Ada Lovelace"
    assert user.api_typename == "User"
    user = knock.users.update(user_id, extra_body={"plan": {"seats": 3}})
    assert user.to_dict()["plan"] == {"tier": "pro", "seats": 3}, "identify deep-merges"
    assert knock.users.get(user_id).email == "ada@example.com"

    ids = {u.id for u in knock.users.list()}  # auto-paginates until page_info.after is null
    assert user_id in ids
    page = knock.users.list(page_size=1)
    assert len(page.entries) == 1
    assert page.page_info.page_size == 1

    knock.users.delete(user_id)
    with pytest.raises(knockapi.NotFoundError):
        knock.users.get(user_id)


def test_errors_are_typed(knock):
    with pytest.raises(knockapi.UnprocessableEntityError) as err:
        knock.users.update(uid("user"), email=5)  # wrong type
    assert err.value.status_code == 422
    bad = Knock(api_key="sk_test_not_a_key", base_url=URL, max_retries=0)
    with pytest.raises(knockapi.AuthenticationError):
        bad.users.list()
    if PK:
        public = Knock(api_key=PK, base_url=URL, max_retries=0)
        with pytest.raises(knockapi.PermissionDeniedError):
            public.users.list()


def test_preferences_and_channel_data(knock):
    user_id = uid("user")
    knock.users.update(user_id, name="Prefs")
    prefs = knock.users.set_preferences(user_id, "default", channel_types={"email": False, "sms": True},
                                        workflows={"welcome": {"channel_types": {"email": True}}})
    assert prefs.id == "default"
    assert prefs.channel_types.email is False
    merged = knock.users.set_preferences(user_id, "default", categories={"marketing": False},
                                         extra_body={"__persistence_strategy__": "merge"})
    assert merged.channel_types.email is False and merged.categories["marketing"] is False
    sets = knock.users.list_preferences(user_id)
    assert [s.id for s in sets] == ["default"]
    got = knock.users.get_preferences(user_id, "default")
    assert got.categories["marketing"] is False

    data = knock.users.set_channel_data(user_id, PUSH, data={"tokens": ["tok-1", "tok-2"]})
    assert data.channel_id == PUSH
    assert data.data.tokens == ["tok-1", "tok-2"]
    assert knock.users.get_channel_data(user_id, PUSH).data.tokens == ["tok-1", "tok-2"]
    knock.users.unset_channel_data(user_id, PUSH)
    with pytest.raises(knockapi.NotFoundError):
        knock.users.get_channel_data(user_id, PUSH)


def test_objects_subscriptions_tenants(knock):
    project = uid("project")
    obj = knock.objects.set("projects", project, name="Apollo", extra_body={"budget": 10})
    assert obj.collection == "projects"
    assert obj.properties == {"name": "Apollo", "budget": 10}
    assert knock.objects.get("projects", project).properties["budget"] == 10
    assert project in {o.id for o in knock.objects.list("projects")}

    u1, u2 = uid("member"), uid("member")
    subs = knock.objects.add_subscriptions("projects", project, recipients=[u1, {"id": u2, "name": "Inline"}],
                                           properties={"role": "viewer"})
    assert [s.recipient.id for s in subs] == [u1, u2]
    listed = knock.objects.list_subscriptions("projects", project)
    assert {s.recipient.id for s in listed.entries} == {u1, u2}
    mine = knock.users.list_subscriptions(u1)
    assert [s.object.id for s in mine.entries] == [project]
    removed = knock.objects.delete_subscriptions("projects", project, recipients=[u1])
    assert [s.recipient.id for s in removed] == [u1]

    tenant_id = uid("tenant")
    tenant = knock.tenants.set(tenant_id, name="Acme", settings={"branding": {"primary_color": "#112233"}})
    assert tenant.id == tenant_id and tenant.name == "Acme"
    assert knock.tenants.get(tenant_id).settings.branding.primary_color == "#112233"
    assert tenant_id in {t.id for t in knock.tenants.list()}
    knock.tenants.delete(tenant_id)
    with pytest.raises(knockapi.NotFoundError):
        knock.tenants.get(tenant_id)

    knock.objects.delete("projects", project)
    with pytest.raises(knockapi.NotFoundError):
        knock.objects.get("projects", project)


def test_audiences_schedules_bulk(knock):
    audience = uid("audience")
    user_id = uid("user")
    knock.audiences.add_members(audience, members=[{"user": {"id": user_id}}], create_audience=True)
    members = knock.audiences.list_members(audience)
    assert [m.user_id for m in members.entries] == [user_id]

    schedules = knock.schedules.create(workflow="digest", recipients=[user_id],
                                       repeats=[{"frequency": "daily", "hours": 9, "minutes": 0}], data={"k": "v"})
    assert len(schedules) == 1 and schedules[0].workflow == "digest"
    assert schedules[0].repeats[0].frequency == "daily"
    listed = knock.schedules.list(workflow="digest")
    assert schedules[0].id in {s.id for s in listed.entries}
    knock.schedules.delete(schedule_ids=[schedules[0].id])

    ids = [uid("bulk") for _ in range(3)]
    op = knock.users.bulk.identify(users=[{"id": i, "name": i} for i in ids])
    assert op.status in ("queued", "processing", "completed")
    for _ in range(200):
        op = knock.bulk_operations.get(op.id)
        if op.status in ("completed", "failed"):
            break
        time.sleep(0.02)
    assert op.status == "completed" and op.success_count == 3
    assert knock.users.get(ids[2]).name == ids[2]
