"""Render: analysed journeys drawn as self-contained interactive map pages.

Owns the folium pages (:mod:`.maps`), their popups and panels (:mod:`.popups`, :mod:`.panel`), the
played schedule (:mod:`.schedule`), the time–distance chart (:mod:`.chart`), the offline land
background (:mod:`.background`), the GeoJSON download packed in a page (:mod:`.download`) and the
page assets (:mod:`.assets`, with the page's own script and styles as real files in ``static/``).

May import: :mod:`journeys.export` (a page offers its journey's GeoJSON), :mod:`journeys.check` (results
only, never the calculator's internals), :mod:`journeys.geo`,
:mod:`journeys.records` and the foundation modules.
"""
