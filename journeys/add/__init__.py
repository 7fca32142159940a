"""Add: a new record, from an interview or from CSV files, checked before it is written.

Owns the answer checks (:mod:`.fields`), the CSV readers (:mod:`.tables`), the record built from the
answers and written (:mod:`.draft`), the question-by-question interview (:mod:`.interview`) and the
claim finder that proposes a news story's claims (:mod:`.claims`, a subpackage).

May import: :mod:`journeys.check`, :mod:`journeys.geo`, :mod:`journeys.records` and the foundation
modules. Only the CLI imports it.
"""
