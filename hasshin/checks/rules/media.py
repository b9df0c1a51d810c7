"""G5.3: people in attached images need a recorded consent (肖像権・プライバシー)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..context import CheckContext
from ..model import MediaItem
from ..registry import Hit, Rule, register

_CASCADE = "haarcascade_frontalface_default.xml"
_MAX_SIDE = 1024


def _cascade_dirs() -> list[Path]:
    dirs = []
    if os.environ.get("HASSHIN_HAAR_DIR"):
        dirs.append(Path(os.environ["HASSHIN_HAAR_DIR"]))
    try:
        import cv2

        data = getattr(cv2, "data", None)
        if data is not None and getattr(data, "haarcascades", None):
            dirs.append(Path(data.haarcascades))
    except ImportError:  # pragma: no cover - opencv is a runtime dependency
        pass
    dirs += [Path("/usr/share/opencv4/haarcascades"), Path("/usr/share/opencv/haarcascades")]
    return dirs


class _Haar:
    def __init__(self, classifier: Any) -> None:
        self.classifier = classifier

    def count(self, gray: Any) -> int:
        side = max(24, min(gray.shape[:2]) // 20)
        faces = self.classifier.detectMultiScale(
            gray, scaleFactor=1.1, minNeighbors=6, minSize=(side, side)
        )
        return len(faces)


class _YuNet:
    def __init__(self, model: Path) -> None:
        self.model = model

    def count(self, gray: Any) -> int:
        import cv2

        image = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
        height, width = image.shape[:2]
        detector = cv2.FaceDetectorYN.create(str(self.model), "", (width, height), 0.8)
        _, faces = detector.detect(image)
        return 0 if faces is None else len(faces)


@lru_cache(maxsize=1)
def face_detector() -> Any | None:
    """A local face detector, or None. Nothing is ever downloaded.

    OpenCV 4.x builds have ``CascadeClassifier``; the Haar files come from ``cv2.data`` or the
    system's opencv-data. OpenCV 5 dropped Haar from the main build: there a YuNet ONNX model
    named by ``HASSHIN_FACE_MODEL`` is used with ``cv2.FaceDetectorYN``.
    """
    import cv2

    model = os.environ.get("HASSHIN_FACE_MODEL")
    if model and Path(model).is_file() and hasattr(cv2, "FaceDetectorYN"):
        return _YuNet(Path(model))
    classifier_cls = getattr(cv2, "CascadeClassifier", None)
    if classifier_cls is None:
        return None
    for folder in _cascade_dirs():
        path = folder / _CASCADE
        if path.is_file():
            classifier = classifier_cls(str(path))
            if not classifier.empty():
                return _Haar(classifier)
    return None


def _load_gray(item: MediaItem) -> Any | None:
    import cv2
    import numpy as np

    if item.data is not None:
        buf = np.frombuffer(item.data, dtype=np.uint8)
    elif item.path is not None:
        try:
            buf = np.fromfile(str(item.path), dtype=np.uint8)
        except OSError:
            return None
    else:
        return None
    if buf.size == 0:
        return None
    image = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    if image is None:
        return None
    scale = _MAX_SIDE / max(image.shape[:2])
    if scale < 1:
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return cv2.equalizeHist(image)


def count_faces(item: MediaItem) -> int | None:
    """Number of faces found, or None when the image or the detector is unavailable."""
    detector = face_detector()
    gray = _load_gray(item)
    if detector is None or gray is None:
        return None
    return int(detector.count(gray))


@register
class FaceConsent(Rule):
    """Faces in an attached image need a recorded consent (G5.3, 肖像権).

    Each image without ``consent_recorded`` goes through a local OpenCV face detector (Haar
    cascade on OpenCV 4 builds, YuNet via ``HASSHIN_FACE_MODEL``; never downloaded). A face
    found, or an image that cannot be examined (unreadable file, detector missing), is
    reported: record the consent of the people shown, or use a photo where nobody can be
    identified.
    """

    id = "media.face_consent"
    clause = "G5.3"
    severity = "error"
    order = 97
    message_ja = "画像に人物の顔が写っています。写っている方の同意を記録してください。"
    message_en = "The image shows a person's face; record their consent."

    def check(self, ctx: CheckContext) -> Iterator[Hit]:
        for i, item in enumerate(ctx.input.media):
            if item.consent_recorded:
                continue
            faces = count_faces(item)
            if faces == 0:
                continue
            if faces is None:
                yield Hit(
                    0,
                    0,
                    f"画像（{item.label(i)}）の顔検出ができませんでした。"
                    "人物が写っている場合は同意を記録してください。",
                    f"Could not examine {item.label(i)} for faces; "
                    "record consent if people are shown.",
                    whole_post=True,
                    media_index=i,
                )
            else:
                yield Hit(
                    0,
                    0,
                    f"画像（{item.label(i)}）に人物の顔が{faces}件写っています。"
                    "写っている方の同意を記録してください。",
                    f"{item.label(i)} shows {faces} face(s); "
                    "record the consent of the people shown.",
                    whole_post=True,
                    media_index=i,
                )
