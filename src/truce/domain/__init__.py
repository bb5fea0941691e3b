"""The domain: typed objects and rules of a ceasefire, with no I/O.

Everything else in truce depends on this package; it depends only on ``truce.errors``.
"""
