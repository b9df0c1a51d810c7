"""Rule modules; importing this package registers every rule."""

from . import access, content, links, media, pii, platform, timing

__all__ = ["access", "content", "links", "media", "pii", "platform", "timing"]
