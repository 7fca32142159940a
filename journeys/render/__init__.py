"""Render: analysed journeys drawn as self-contained interactive map pages.

Owns the map pages (:mod:`.maps`, the Leaflet map around them written by :mod:`.page`), their
popups and panels (:mod:`.popups`, :mod:`.panel`), the played schedule (:mod:`.schedule`), the
time–distance chart (:mod:`.chart`), the offline land background (:mod:`.background`), the major
cities named as context (:mod:`.cities`) and the page assets (:mod:`.assets`, with the page's own
script and styles as real files in ``static/``).

May import: :mod:`journeys.export` (a page offers its journey's GeoJSON), :mod:`journeys.check` (results
only, never the calculator's internals), :mod:`journeys.geo`,
:mod:`journeys.records` and the foundation modules.
"""
