"""timeline: news articles in, an event-sourced, bitemporal timeline of cooperation out.

Articles become an append-only, hash-chained log of typed events; projections rebuild each
partner's state at any date (valid time) as known at any date (reported time) or log
position (recorded time). The names below are the public API; see ``docs/``.
"""

from timeline.articles import Article, load_article
__version__ = "0.1.0"
