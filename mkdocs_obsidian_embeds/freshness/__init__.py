"""Freshness: review dates, owners and intervals, the badge, the review report and its catalogues.

Plain Python like the engine; the MkDocs adapter calls it."""
