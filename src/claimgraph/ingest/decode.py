"""Bytes → clean text.

Every reader works on text that has been decoded and cleaned the same way, because claim offsets
point into `Document.text`: anything we strip later would shift them. A whole file gets `clean_file`,
which keeps its record structure (a form feed or U+2028 inside a CSV field or a JSON string is not a new
record); each reader cleans the texts it takes out of it with `clean_text`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

#: Invisible characters that break word matching but carry no meaning in news text.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\u0085|\x0b|\x0c")
_LINE_ENDS = re.compile(r"\r\n|\r")
_STRIP = re.compile("[" + _ZERO_WIDTH + r"\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f" + "]")
#: Bidi embedding, override and isolate controls: in a one-line field (title, outlet) they only serve to
#: make the shown text run backwards ("Trojan source"); article bodies keep them, as offsets point there.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: Share of unprintable characters above which a decoding is considered implausible.
MAX_UNPRINTABLE = 0.02


class DecodeError(ValueError):
    """The bytes are binary or in no encoding we can trust; the message is the one-line reason."""


def clean_text(text: str) -> str:
    """Normalize newlines to \\n and drop zero-width and control characters (keeping \\n and \\t).

    Idempotent, so readers may apply it both to a whole file and to the fields parsed from it.
    """
    return _STRIP.sub("", _NEWLINES.sub("\n", text))


def clean_file(text: str) -> str:
    """A whole decoded file: line endings to \\n and invisible controls dropped, but the characters that
    are line breaks only in prose (form feed, vertical tab, U+0085, U+2028, U+2029) left for the reader to
    clean field by field, so that a CSV row or a JSONL line holding one stays one record."""
    return _STRIP.sub("", _LINE_ENDS.sub("\n", text))


def clean_inline(value: str) -> str:
    """Clean a one-line field (title, outlet): also collapse all whitespace to single spaces and drop
    bidi override controls, which could make a title or outlet name display reversed."""
    return " ".join(_BIDI_CONTROLS.sub("", clean_text(value)).split())


def _is_unprintable(ch: str) -> bool:
    """Characters no real text contains: controls (except newline/tab), unassigned, private use, U+FFFD."""
    return ch not in "\n\r\t" and (ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"))


def _unprintable_share(text: str) -> float:
    """Share of characters that no real text contains (controls, unassigned, private use, U+FFFD).

    Classifies each distinct character once and counts the bad ones in C, so a 50 MB text takes about
    a second rather than a Python-level loop over every character.
    """
    if not text:
        return 0.0
    bad = [ch for ch in set(text) if _is_unprintable(ch)]
    if not bad:
        return 0.0
    if len(bad) <= 8:
        count = sum(text.count(ch) for ch in bad)
    else:
        count = sum(1 for _ in re.finditer("[" + "".join(re.escape(ch) for ch in bad) + "]", text))
    return count / len(text)


def decode_bytes(data: bytes) -> str:
    """Decode file bytes: BOM first, then strict UTF-8, then the most plausible legacy encoding.

    Raises DecodeError when the content looks binary or no encoding gives plausible text, so the
    caller can report one Problem instead of ingesting mojibake.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as err:
                reason = f"binary or undecodable content (invalid {encoding}: {err.reason})"
                raise DecodeError(reason) from None
            return _checked(text, encoding)
    if b"\x00" in data:
        raise DecodeError("binary or undecodable content (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _best_legacy(data)


def _checked(text: str, encoding: str) -> str:
    """Reject a decoding that is mostly unprintable (binary that happens to decode)."""
    share = _unprintable_share(text)
    if share > MAX_UNPRINTABLE:
        raise DecodeError(f"binary or undecodable content ({share:.0%} unprintable characters as {encoding})")
    return text


#: Legacy encodings news text actually comes in, tried after charset-normalizer's own guesses.
LEGACY = ("cp1252", "cp1251", "koi8_r", "cp1250", "cp1253", "cp1254", "cp1257", "cp1255", "cp1256",
          "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr")
#: Families of charset-normalizer guesses worth trying; it also proposes EBCDIC and other exotica
#: that decode short Western texts into nonsense without any error.
_PLAUSIBLE_PREFIXES = ("cp125", "iso8859", "latin", "koi8", "mac_cyrillic", "cp866", "gb", "big5",
                       "shift_jis", "cp932", "euc", "iso2022", "cp949", "johab", "tis_620", "cp874")
#: charset-normalizer's guesses considered, after cp1252 (the commonest legacy encoding wins ties).
MAX_GUESSES = 3
#: Only the start of a long file is scored: enough to tell encodings apart.
SCORE_CHARS = 100_000
_TOKEN = re.compile(r"[^\s!-/:-@\[-`{-~]+")


def _script(ch: str) -> str:
    """Coarse script of a letter (LATIN, CYRILLIC, CJK, ...) from its Unicode name."""
    name = unicodedata.name(ch, "")
    if name.startswith(("HIRAGANA", "KATAKANA", "CJK", "HANGUL")):
        return "CJK"
    return name.split(" ", 1)[0]


def _bad_token(token: str) -> bool:
    """Does this run of non-space characters look like mojibake?

    Signs: letters of two scripts in one word ("Gr廲ere"), odd symbols among letters ("Za¿ó³æ"), case
    flipping inside a word ("сЕЧЕПМЮЪ", KOI8-R read as cp1251), or a Latin word made mostly of
    accented letters ("Ñåâåðíàÿ", Cyrillic read as cp1252).
    """
    if token.isascii():
        return False
    letters = [ch for ch in token if ch.isalpha()]
    for i, ch in enumerate(token):
        if not ch.isascii() and not ch.isalpha() and unicodedata.category(ch)[0] not in "MP":
            if unicodedata.category(ch) not in ("Sc", "Nd") and letters:
                return True
        if 0 < i < len(token) - 1 and unicodedata.category(ch)[0] == "P" and not ch.isascii():
            if token[i - 1].isalpha() and token[i + 1].isalpha() and ch not in "’'·-‐":
                return True
    if len({_script(ch) for ch in letters}) > 1:
        return True
    if any(a.islower() and b.isupper() for a, b in zip(letters, letters[1:], strict=False)):
        return True
    latin = [ch for ch in letters if _script(ch) == "LATIN"]
    return len(latin) >= 4 and sum(not ch.isascii() for ch in latin) * 2 > len(latin)


def _badness(text: str) -> int:
    """Number of mojibake-looking tokens; the right decoding has (nearly) none."""
    return sum(_bad_token(tok) for tok in _TOKEN.findall(text[:SCORE_CHARS]))


def _candidates(data: bytes) -> list[str]:
    """Encodings to try, in tie-breaking order: cp1252, charset-normalizer's guesses, the usual others."""
    names = ["cp1252"]
    guesses = [m.encoding for m in from_bytes(data)]
    names += [g for g in guesses if g.startswith(_PLAUSIBLE_PREFIXES)][:MAX_GUESSES]
    names += LEGACY
    seen: set[str] = set()
    unique = []
    for name in names:
        key = codecs.lookup(name).name
        if key not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def _best_legacy(data: bytes) -> str:
    """The strict decoding with the fewest mojibake-looking words; earlier candidates win ties.

    charset-normalizer alone misreads short Western texts (as Big5, EBCDIC or cp1250), so its guesses
    compete with the common legacy encodings on a plausibility score.
    """
    best: tuple[int, int, str, str] | None = None
    for rank, encoding in enumerate(_candidates(data)):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _unprintable_share(text[:SCORE_CHARS]) > MAX_UNPRINTABLE:
            continue
        score = (_badness(text), rank, encoding, text)
        if best is None or score[:2] < best[:2]:
            best = score
    if best is None:
        raise DecodeError("binary or undecodable content (no plausible text encoding)")
    return _checked(best[3], best[2])
