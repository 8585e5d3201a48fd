"""Parse the date strings found in news corpora.

Rules (also in ``corpora/README.md``):

- ISO 8601 first: ``2017-09-06``, ``2017-09-06T10:00:00Z``, ``2017-09-06 10:00:00+02:00``. Times with
  a zone are converted to UTC; the result is timezone-naive (UTC wall clock).
- Year-first dates are always year/month/day, whatever ``dayfirst`` says: ``2017/09/06``,
  ``2017.9.6``, ``2017-9-6`` and ``20170906`` are 6 September 2017.
- Slash or dot dates with numbers only (``9/6/17``, ``09/06/2017``, ``6.9.2017``) are read
  month/day/year, the US convention of most English news data, unless ``dayfirst=True``. A date that
  is only valid the other way round (``23/7/17``) is read that way rather than rejected. Two-digit
  years are 1969-2068 (Python's ``%y`` rule).
- Written months: ``6 September 2017``, ``September 6, 2017``, ``Sep 6 2017``, ``6 Sept. 2017``.
- A date must name its year, month and day: nothing is filled in from the day the corpus is
  loaded, so ``now``, ``today``, ``yesterday``, a bare time (``10:00``) and ``June 2017`` are
  unparsed (NaT, counted), never the load time.
- A date that cannot be parsed, or lies outside 1800-01-01 … (this year + 1), becomes NaT and is
  counted by the caller; it never rejects the article.
"""
from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

EARLIEST = pd.Timestamp("1800-01-01")

_YEAR_FIRST = re.compile(r"^\s*(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_DEFAULTS = (dt.datetime(1901, 1, 1), dt.datetime(1902, 2, 2))
_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\s*$")
_ISO_LIKE = re.compile(r"^\s*[+-]?\d{4}-\d{2}")
_SEPT = re.compile(r"\bSept\b\.?", re.IGNORECASE)


def latest_plausible() -> pd.Timestamp:
    """The last plausible publication date: the end of next year."""
    return pd.Timestamp(year=pd.Timestamp.now().year + 1, month=12, day=31)


def _numeric_date(text: str, dayfirst: bool) -> pd.Timestamp | None:
    m = _NUMERIC.match(text)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), m.group(3)
    year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 69 else 1900 + int(y))
    month, day = (b, a) if dayfirst else (a, b)
    if month > 12 and day <= 12:  # only valid the other way round
        month, day = day, month
    try:
        return pd.Timestamp(year=year, month=month, day=day)
    except ValueError:
        return None


def _ymd(year: int, month: int, day: int) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(year=year, month=month, day=day)
    except ValueError:
        return None


def _one(text: str, dayfirst: bool) -> pd.Timestamp | None:
    from dateutil import parser

    for pattern in (_YEAR_FIRST, _COMPACT):  # year first is never day-first
        if m := pattern.match(text):
            stamp = _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return stamp if stamp is not None and EARLIEST <= stamp <= latest_plausible() else None
    numeric = _numeric_date(text, dayfirst)
    if numeric is not None or _NUMERIC.match(text):
        return numeric
    cleaned = _SEPT.sub("Sep", text)
    try:  # parsed with two different defaults: a part taken from the default differs between them
        first, second = (parser.parse(cleaned, default=d, dayfirst=dayfirst) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    if first.date() != second.date():
        return None  # year, month or day missing ("10:00", "June 2017"): not a date
    stamp = pd.Timestamp(first)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    if not EARLIEST <= stamp <= latest_plausible():
        return None
    return stamp


def parse_dates(values: pd.Series, *, dayfirst: bool = False) -> tuple[pd.Series, pd.Series]:
    """Parse a column of date values.

    Parameters
    ----------
    values : Series
        Strings, datetimes, dates or missing values.
    dayfirst : bool
        Read ambiguous numeric dates (``9/6/17``) as day/month/year.

    Returns
    -------
    (dates, unparsed) : tuple of Series
        ``dates`` is datetime64[ns] (naive, UTC for zoned input) with NaT for missing, unparseable or
        implausible values; ``unparsed`` is a boolean Series, True where a non-empty value was given
        but could not be used.
    """
    raw = values.astype(object).where(values.notna(), None)
    as_text = raw.map(lambda v: "" if v is None else str(v).strip())
    present = as_text != ""
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")

    iso = present & as_text.str.match(_ISO_LIKE)
    if iso.any():
        parsed = pd.to_datetime(as_text[iso], format="ISO8601", errors="coerce", utc=True).dt.tz_localize(None)
        # Year 0001 and the like fit pandas' wider units but not nanoseconds: drop them before the cast.
        plausible = (parsed >= EARLIEST) & (parsed <= latest_plausible())
        result[plausible[plausible].index] = parsed[plausible].astype("datetime64[ns]")
    rest = present & result.isna()
    for idx in rest[rest].index:
        stamp = _one(as_text[idx], dayfirst)
        if stamp is not None:
            result[idx] = stamp

    implausible = (result < EARLIEST) | (result > latest_plausible())
    result[implausible] = pd.NaT
    unparsed = present & result.isna()
    return result, unparsed.astype(bool)


def examples(values: pd.Series, mask: pd.Series, n: int = 3) -> list[str]:
    """Up to ``n`` distinct example values where ``mask`` is True (for warnings)."""
    return list(dict.fromkeys(np.asarray(values[mask].astype(str)).tolist()))[:n]
