"""Add: a new record, from an interview or from CSV files, checked before it is written.

Owns the answer checks (:mod:`.fields`), the CSV readers (:mod:`.tables`), the record built from the
answers and written (:mod:`.draft`) and the question-by-question interview (:mod:`.interview`).

May import: :mod:`journeys.check`, :mod:`journeys.geo`, :mod:`journeys.records` and the foundation
modules. Only the CLI imports it.
"""
