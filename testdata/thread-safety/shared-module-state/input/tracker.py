"""Imported by the app: one copy of this module per server process."""
from collections import defaultdict


class Summary:
    last_page = None


_visits = defaultdict(int)
_recent = []
_seen = set()
_totals = {}
summary = Summary()


def visit(page):
    _visits[page] += 1
    _recent.append(page)
    _recent.append(page)
    _seen.add(page)
    del _totals["stale"]
    summary.last_page = page


def reset():
    _recent.clear()
