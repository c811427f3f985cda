from __future__ import annotations

from newsdesk.api.ghost import ids


def test_ids_read_back_to_their_kind_and_key_only() -> None:
    post = ids.object_id("post", 42)
    assert len(post) == 24 and int(post, 16)
    assert ids.parse_object_id("post", post) == 42
    assert ids.parse_object_id("author", post) is None
    assert ids.parse_object_id("post", post.upper()) is None
    assert ids.parse_object_id("post", "5ddc9141c35e7700383b2937") is None
    assert ids.parse_object_id("post", "6e640001ffffffffffffffff") is None  # past any key
    assert ids.parse_object_id("post", 42) is None


def test_uuids_are_stable_per_post() -> None:
    assert ids.post_uuid(7) == ids.post_uuid(7) != ids.post_uuid(8)
