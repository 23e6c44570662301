"""What every SDK test shares: the engine's address and key (set by scripts/stages/conformance)
and Knock's official client with strict response validation."""
import os
import uuid

import pytest
from knockapi import Knock

URL = os.environ["KNOCK_ENGINE_URL"]
SK = os.environ["KNOCK_ENGINE_SECRET_KEY"]


@pytest.fixture()
def knock():
    client = Knock(api_key=SK, base_url=URL, _strict_response_validation=True, max_retries=0)
    yield client
    client.close()


def uid(prefix):
    """A fresh id, so tests never meet each other's records."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
