"""Daily and weekly reports: ``build`` turns the store's data into a ``Report`` (plain data),
``charts`` and ``maps`` draw it as SVG locally, ``render`` makes HTML (Jinja2) and PDF
(WeasyPrint). The same database and period give the same bytes, except the generation time.
"""
