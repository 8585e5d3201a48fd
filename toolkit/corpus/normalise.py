"""How the loader normalises text, and why it is safe to apply twice.

Every normalisation, in order (all of them, nothing else):

1. **Markup**, only where the text *is* HTML: a text is HTML when it holds a closing tag of an HTML
   element (``</p>``, ``</b>``...) or a ``<br>``, ``<p>``, ``<div>``, ``<hr>`` or ``<img>`` tag.
   Then every tag of an HTML element (with ``name="value"`` attributes only) is removed; block
   tags (``p``, ``div``, ``br``, ``h1``-``h6``, ``li``, ``blockquote``, ``tr`` ...) become a
   paragraph break. Other text with ``<`` and ``>`` is kept: ``if a<b and b>c`` stays.
2. **Character references** (``&amp;``, ``&eacute;``, ``&#8217;``) are decoded, except
   ``&lt;``, ``&gt;`` and ``&amp;`` when decoding them would make new markup or a new reference
   (``&lt;b&gt;`` stays as written rather than becoming a tag, or vanishing on the next load).
3. **Unicode NFC** (composed characters).
4. **Line ends** ``\\r\\n`` and ``\\r`` become ``\\n``.
5. **Spaces**: runs of spaces, tabs, no-break spaces, form and vertical feeds become one space;
   spaces at the start and end of every line are removed.
6. **Paragraphs**: two or more line breaks become one blank line; a text with single line breaks
   only is taken to have one paragraph per line (each break becomes a blank line), as in corpora
   that store paragraphs one per line.
7. **Ends**: whitespace and invisible characters (zero-width space, joiners, word joiner,
   byte-order mark, soft hyphen) at the start and end are removed, so a text of only such
   characters is empty (and rejected as "empty text").

The result is a fixed point: ``normalise_text(normalise_text(t)) == normalise_text(t)`` for every
text, so loading a saved corpus gives back the same texts. Titles are normalised the same way,
then every run of whitespace (line breaks included) becomes one space.
"""
from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["normalise_text", "normalise_title", "is_markup"]

_ELEMENTS = ("a|abbr|address|article|aside|b|big|blockquote|body|br|caption|center|cite|code|dd|del|div|dl|dt|"
             "em|figcaption|figure|font|footer|h[1-6]|head|header|hr|html|i|iframe|img|ins|kbd|li|main|mark|nav|"
             "noscript|ol|p|picture|pre|q|s|section|small|source|span|strike|strong|sub|sup|table|tbody|td|tfoot|"
             "th|thead|time|title|tr|tt|u|ul|video|wbr")
_ATTR = r"""\s+[A-Za-z_:][-A-Za-z0-9_:.]*\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`]+)"""
_TAG = re.compile(rf"<(/?)({_ELEMENTS})((?:{_ATTR})*)\s*/?>", re.IGNORECASE)
_BLOCK = frozenset("p div br h1 h2 h3 h4 h5 h6 li blockquote tr table ul ol section article header footer "
                   "figure figcaption hr pre dd dt dl address main nav aside".split())
_MARKS_HTML = frozenset({"br", "p", "div", "hr", "img"})
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_EDGES = re.compile(rf"^[\s{_INVISIBLE}]+|[\s{_INVISIBLE}]+$")


def is_markup(text: str) -> bool:
    """True when ``text`` is HTML: it holds a closing element tag or a br/p/div/hr/img tag."""
    if "<" not in text:
        return False
    return any(m.group(1) or m.group(2).lower() in _MARKS_HTML for m in _TAG.finditer(text))


def _strip_tags(text: str) -> str:
    def replace(match: re.Match) -> str:
        return "\n\n" if match.group(2).lower() in _BLOCK else ""

    while True:  # removing a tag can join two halves into a new one (<<b>b>): repeat until none is left
        stripped = _TAG.sub(replace, text)
        if stripped == text:
            return text
        text = stripped


def _partial(text: str) -> str:
    """Decode every reference except ``&lt;``/``&gt;``, and ``&amp;`` where it would start a new one."""
    def replace(m: re.Match) -> str:
        char = html.unescape(m.group(0))
        if char in ("<", ">"):
            return m.group(0)
        if char == "&":
            follow = _ENTITY.match("&" + text[m.end():])
            if follow and html.unescape(follow.group(0)) != follow.group(0):
                return m.group(0)
        return char

    return _ENTITY.sub(replace, text)


def _decode_entities(text: str) -> str:
    if "&" not in text or not _ENTITY.search(text):
        return text
    decoded = html.unescape(text)
    if not is_markup(decoded) and html.unescape(decoded) == decoded:
        return decoded
    # decoding <, > or & would make markup or a new reference: keep those three as written
    partial = _partial(text)
    if not is_markup(partial) and _partial(partial) == partial:
        return partial
    return text


def normalise_text(text: str) -> str:
    """Return ``text`` as the articles table stores it (see the module docstring for every step).

    Examples
    --------
    >>> normalise_text("Cafe\\u0301 <b>bold</b> &amp; more<p>next</p>")
    'Café bold & more\\n\\nnext'
    >>> normalise_text("if a<b and b>c")
    'if a<b and b>c'
    >>> normalise_text("A\\nB\\n\\n")
    'A\\n\\nB'
    """
    out = _once(text)
    if "&" in out or "<" in out:  # markup and references: apply until nothing changes (a fixed point)
        for _ in range(4):
            again = _once(out)
            if again == out:
                break
            out = again
    return out


def _once(text: str) -> str:
    if is_markup(text):
        text = _strip_tags(text)
    text = _decode_entities(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The substitutions are the slow part at corpus scale: run them only where they change something.
    if "  " in text or "\t" in text or "\u00a0" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    if "\n" in text:
        text = "\n".join(line.strip() for line in text.split("\n"))
        if "\n\n\n" in text:
            text = re.sub(r"\n{3,}", "\n\n", text)
    if text and (text[0].isspace() or text[-1].isspace() or text[0] in _INVISIBLE or text[-1] in _INVISIBLE):
        text = _EDGES.sub("", text)
    if "\n" in text and "\n\n" not in text:
        text = text.replace("\n", "\n\n")
    return text


def normalise_title(title: str) -> str:
    """A title: :func:`normalise_text`, then every run of whitespace (line breaks too) as one space."""
    return " ".join(normalise_text(title).split())
