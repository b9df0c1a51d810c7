from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests

from .conftest import publish_request


def test_fault_plan_applies_to_the_next_n_matching_requests_only(sandbox):
    sandbox.fault("^/2/tweets$", status=500, count=2)
    statuses = [
        requests.post(
            f"{sandbox.url}/2/tweets",
            json={"text": f"t{i}"},
            headers={"Authorization": "Bearer a"},
            timeout=5,
        ).status_code
        for i in range(3)
    ]
    assert statuses == [500, 500, 201]
    assert requests.get(f"{sandbox.url}/_sandbox/faults", timeout=5).json() == {"faults": []}


def test_faults_can_be_cleared(sandbox):
    sandbox.fault(".*", status=500, count=5)
    requests.delete(f"{sandbox.url}/_sandbox/faults", timeout=5)
    assert sandbox.connector("x").check_connection()


def test_concurrent_publishes_are_all_stored_once(sandbox):
    connector = sandbox.connector("facebook")

    def publish(i: int) -> str:
        return connector.publish(publish_request(f"投稿 {i}")).remote_id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(publish, range(40)))
    assert len(set(ids)) == 40
    assert len(sandbox.posts("facebook")) == 40


def test_published_post_has_a_viewable_page(sandbox):
    result = sandbox.connector("x").publish(publish_request("見られる投稿"))
    page = requests.get(result.url, timeout=5)
    assert page.status_code == 200 and "見られる投稿" in page.text


def test_unknown_endpoint_is_404(sandbox):
    assert requests.get(f"{sandbox.url}/nope", timeout=5).status_code == 404
