"""Exchange trading calendars (exchange-calendars), shared by every chapter that maps dates to sessions."""

from __future__ import annotations

from functools import lru_cache

import exchange_calendars as xcals
import pandas as pd

#: Earliest date any chapter asks about (the snapshot starts in January 2021).
CALENDAR_START = "2020-01-01"


@lru_cache(maxsize=8)
def exchange_calendar(code: str = "XNYS") -> xcals.ExchangeCalendar:
    """The calendar of an exchange by its ISO code (XNYS, XTKS, XHKG, XPAR...)."""
    return xcals.get_calendar(code, start=CALENDAR_START)


def first_session_on_or_after(day: str | pd.Timestamp, calendar_code: str = "XNYS") -> pd.Timestamp:
    """The first trading session of ``calendar_code`` on or after ``day`` (a calendar date)."""
    session = exchange_calendar(calendar_code).date_to_session(pd.Timestamp(day).normalize(), direction="next")
    return pd.Timestamp(session).tz_localize(None) if session.tzinfo else pd.Timestamp(session)
