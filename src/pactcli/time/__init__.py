"""Dates and times: partial dates, zones, clocks, calendars, arithmetic, instants."""
