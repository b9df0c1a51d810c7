"""G5.3: faces in attached images need a recorded consent."""

from __future__ import annotations

import cv2
import numpy as np

from hasshin.checks import MediaItem
from hasshin.checks.rules.media import count_faces, face_detector


def _png(image: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", image)
    assert ok
    return buf.tobytes()


def _face_image() -> bytes:
    """A synthetic face: the Haar detector needs eyes, brows, nose and mouth contrast."""
    img = np.full((240, 240), 200, np.uint8)
    cv2.ellipse(img, (120, 125), (70, 90), 0, 0, 360, 150, -1)
    for x in (92, 148):
        cv2.ellipse(img, (x, 105), (16, 8), 0, 0, 360, 40, -1)
        cv2.line(img, (x - 18, 88), (x + 18, 88), 60, 5)
    cv2.line(img, (120, 110), (120, 150), 110, 4)
    cv2.ellipse(img, (120, 172), (28, 9), 0, 0, 360, 70, -1)
    return _png(img)


def test_g5_3_blank_image_has_no_faces(check) -> None:
    blank = _png(np.full((120, 160), 255, np.uint8))
    assert face_detector() is not None, "OpenCV's bundled Haar cascade must load"
    report = check("風景", media=(MediaItem(data=blank, alt_text="空"),))
    assert not report.by_rule("media.face_consent")
    assert count_faces(MediaItem(data=blank)) == 0


def test_g5_3_unreadable_image_needs_consent(check) -> None:
    report = check("写真", media=(MediaItem(data=b"not an image", alt_text="写真"),))
    assert report.by_rule("media.face_consent")


def test_g5_3_recorded_consent_clears_the_image(check) -> None:
    item = MediaItem(data=b"not an image", alt_text="写真", consent_recorded=True)
    assert not check("写真", media=(item,)).by_rule("media.face_consent")


def test_g5_3_detected_face_without_consent_is_flagged(check) -> None:
    assert face_detector() is not None, "OpenCV's bundled Haar cascade must load"
    item = MediaItem(data=_face_image(), alt_text="職員")
    assert count_faces(item) >= 1
    assert check("写真", media=(item,)).by_rule("media.face_consent")
