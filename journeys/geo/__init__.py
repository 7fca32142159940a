"""Geo: where the stops are and how long the track between them is.

Owns the gazetteers and geocoders that turn stop names into points (:mod:`.gazetteer`,
:mod:`.geocode`), the record made concrete as a trip (:mod:`.trip`), the rail network: its track
sections (:mod:`.track`), read from files (:mod:`.network_files`), joined into a graph
(:mod:`.network`), measured by kilometre posts where sources give them (:mod:`.chainage`) and listed
(:mod:`.sections`), routing a trip along it (:mod:`.route`, its path search in :mod:`.router`) and the
vectorised geodesic measuring core (:mod:`.measure`).

May import: :mod:`journeys.records` and the foundation modules. It never judges a claim.
"""
