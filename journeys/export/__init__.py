"""Export: analysed journeys written as GeoJSON, GPX, KML and CSV for GIS tools and spreadsheets.

May import: :mod:`journeys.check`, :mod:`journeys.geo`, :mod:`journeys.records` and the foundation
modules. Like render, it reads results; it does not compute them.
"""
