"""WordPress post content as it is stored, turned into plain HTML before conversion.

Stored content is not the HTML readers saw: classic-editor posts have no paragraph tags
(WordPress adds them at display time from blank lines), and shortcodes such as ``[caption]``
are expanded at display time too. Block-editor posts carry ``<!-- wp:... -->`` comments, which
the HTML parser drops, and already have their paragraphs.
"""

from __future__ import annotations

import html
import re

_BLOCK_START = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|table|thead|tbody|tr|td|th|figure|hr|dl|dd|"
    r"dt|section|article|aside|header|footer|address|form|fieldset|iframe|object|video|audio|"
    r"script|style|center|details|figcaption|nav|map|math|noscript)\b",
    re.IGNORECASE,
)
_PRE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
# The shortcodes WordPress and its common plugins register; other bracketed text is the
# author's own ("[sic]", "[1]") and stays.
_ENCLOSING = ("caption", "wp_caption", "embed", "audio", "video", "code", "sourcecode")
_SELF_CLOSING = ("gallery", "playlist", "audio", "video", "contact-form-7", "contact-form")


def _attributes(raw: str) -> dict[str, str]:
    found = {}
    for match in _ATTRIBUTE.finditer(raw):
        found[match.group(1).lower()] = next(g for g in match.groups()[1:] if g is not None)
    return found


def _caption(match: re.Match[str]) -> str:
    attributes = _attributes(match.group(2))
    inner = match.group(3).strip()
    caption = attributes.get("caption", "")
    image = re.match(r"((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.DOTALL)
    if image:
        inner, caption = image.group(1), caption or image.group(2).strip()
    caption_html = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"\n\n<figure>{inner}{caption_html}</figure>\n\n"


def _enclosing(match: re.Match[str]) -> str:
    name, inner = match.group(1).lower(), match.group(3)
    if name in {"embed", "audio", "video"}:
        url = html.escape(inner.strip() or _attributes(match.group(2)).get("src", ""), quote=True)
        return f'\n\n<p><a href="{url}">{url}</a></p>\n\n' if url else ""
    if name in {"code", "sourcecode"}:
        return f"\n\n<pre>{html.escape(inner)}</pre>\n\n"
    return _caption(match)


def _self_closing(match: re.Match[str]) -> str:
    url = _attributes(match.group(2)).get("src", "")
    if url:
        safe = html.escape(url, quote=True)
        return f'<a href="{safe}">{safe}</a>'
    return ""


def expand_shortcodes(content: str) -> str:
    names = "|".join(re.escape(n) for n in _ENCLOSING)
    content = re.sub(
        rf"(?<!\[)\[({names})\b([^\]]*)\](.*?)\[/\1\](?!\])",
        _enclosing,
        content,
        flags=re.IGNORECASE | re.DOTALL,
    )
    names = "|".join(re.escape(n) for n in _SELF_CLOSING)
    content = re.sub(
        rf"(?<!\[)\[({names})\b([^\]]*?)/?\](?!\])", _self_closing, content, flags=re.IGNORECASE
    )
    # [[name]] is WordPress's escape for a literal [name].
    return re.sub(r"\[(\[[a-z_-]+[^\]]*\])\]", r"\1", content, flags=re.IGNORECASE)


def autop(content: str) -> str:
    """Paragraphs from blank lines and line breaks from single newlines, as WordPress shows."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\n\n\x00{len(kept) - 1}\x00\n\n"

    content = _PRE.sub(keep, content.replace("\r\n", "\n").replace("\r", "\n"))
    chunks = [c.strip() for c in re.split(r"\n\s*\n", content) if c.strip()]
    out = []
    for chunk in chunks:
        if chunk.startswith("\x00") or _BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    joined = "\n\n".join(out)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], joined)


def to_html(content: str) -> str:
    expanded = expand_shortcodes(content)
    if "<!-- wp:" in content:
        return expanded  # block-editor content: paragraphs are already tags
    return autop(expanded)
