"""Check: what the evidence and the assumed speed say about each claim.

Owns the windows every figure is and how one is judged (:mod:`.window`), the results declared once
(:mod:`.results`: each leg, claim, the pace, the journey), the calculator that measures a routed trip
(:mod:`.calculator`), each claim
read (:mod:`.reading`) and judged under one rule (:mod:`.claims`, :mod:`.rule`, :mod:`.figures`,
:mod:`.places`), the tolerance
each qualifier gets (:mod:`.tolerance`), the one result every front end consumes,
:class:`~journeys.check.analysis.AnalysedJourney` (:mod:`.analysis`), and the terminal, JSON and
Markdown views of results (:mod:`.views`, :mod:`.report`).

May import: :mod:`journeys.geo`, :mod:`journeys.records` and the foundation modules.
"""
