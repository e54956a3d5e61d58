"""Notebook display helpers."""

import numpy as np
import pandas as pd

from deepseek_shock.book import for_display, glue_pct, plain


def test_for_display_rounds_and_dashes_missing_values():
    frame = pd.DataFrame({"a": [1.234, np.nan], "b": ["x", None]})
    shown = for_display(frame, 1)
    assert shown["a"].tolist() == [1.2, "–"]
    assert shown["b"].tolist() == ["x", "–"]
    assert frame["a"].isna().iloc[1]  # the input is not modified


def test_plain_turns_numpy_scalars_into_python():
    assert type(plain(np.float64(1.5))) is float
    assert type(plain(np.int64(3))) is int
    assert plain("text") == "text"


def test_glue_pct_returns_percentage(monkeypatch):
    recorded = {}
    monkeypatch.setattr("myst_nb.glue", lambda name, value, display: recorded.update({name: value}))
    assert glue_pct("x", -0.1697) == -16.97
    assert recorded["x"] == 16.97  # unsigned by default; the sentence carries the direction
    glue_pct("y", -0.1697, signed=True)
    assert recorded["y"] == -16.97


def test_long_date():
    from deepseek_shock.book import long_date

    assert long_date("2025-06-09") == "9 June 2025"
    assert long_date(pd.Timestamp("2025-01-27")) == "27 January 2025"


def test_cite_role():
    from deepseek_shock.book import cite_role

    assert cite_role("a; b") == "{cite}`a,b`"
    assert cite_role("") == "" and cite_role(float("nan")) == ""


def test_pipe_table_escapes_cells():
    from deepseek_shock.book import pipe_table

    table = pipe_table(["A", "B"], [["x | y", "$5.6\n million"]])
    assert table.splitlines() == ["| A | B |", "|---|---|", "| x \\| y | \\$5.6 million |"]
