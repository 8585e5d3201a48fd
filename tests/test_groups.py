"""Grouping: by columns, periods derived from dates, codes for counting."""
from __future__ import annotations

import pandas as pd
import pytest

from toolkit import ParameterError
from toolkit.count.groups import articles_per_period, group_codes, group_frame


def test_group_frame_derives_periods(tiny_articles):
    frame = group_frame(tiny_articles, ["outlet", "month", "year"])
    assert frame["month"].tolist()[:3] == ["2024-01", "2024-02", "2024-01"]
    assert frame["year"].tolist()[:3] == ["2024", "2024", "2024"]
    assert frame["month"].isna().tolist() == [False, False, False, True]  # no date, no period
    with pytest.raises(ParameterError, match=r"`by` names 'publisher', which is not a column"):
        group_frame(tiny_articles, "publisher")


def test_group_codes_keeps_every_category_unless_observed(tiny_articles):
    subset = tiny_articles[tiny_articles["outlet"] == "Beta"]
    codes, groups = group_codes(subset, "outlet")
    assert groups["outlet"].tolist() == ["Alpha", "Beta"] and codes.tolist() == [1, 1]
    codes, groups = group_codes(subset, "outlet", observed=True)
    assert groups["outlet"].astype(str).tolist() == ["Beta"] and codes.tolist() == [0, 0]


def test_group_codes_multi_and_missing(tiny_articles):
    codes, groups = group_codes(tiny_articles, ["outlet", "month"])
    assert groups.astype(str).values.tolist() == [["Alpha", "2024-01"], ["Alpha", "2024-02"], ["Beta", "2024-01"]]
    assert codes.tolist() == [0, 1, 2, -1]  # b2 has no date
    codes, groups = group_codes(tiny_articles, None)
    assert codes.tolist() == [0, 0, 0, 0] and len(groups) == 1


def test_articles_per_period(tiny_articles):
    table = articles_per_period(tiny_articles, by="outlet", period="month")
    assert table.astype({"outlet": str}).values.tolist() == [["Alpha", "2024-01", 1], ["Alpha", "2024-02", 1],
                                                              ["Beta", "2024-01", 1]]
    with pytest.raises(ParameterError, match="`period` value = 'decade' is invalid"):
        articles_per_period(tiny_articles, period="decade")
