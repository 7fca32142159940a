"""Records: what a journey record says, read and written.

Owns the data model (:mod:`.model`), reading and writing the YAML files with file:line:column errors
(:mod:`.files`; the bounded libyaml reader in :mod:`.yamltree`, the content-keyed cache of checked
records in :mod:`.cache`), the grammar of reported times (:mod:`.times`), time zones (:mod:`.zones`), the
timeline of reported events (:mod:`.timeline`), the figures claims quote (:mod:`.quantities`) and the
JSON Schema generated from the model (:mod:`.schema`). The bundled records live in ``bundled/``.

May import: the foundation modules (:mod:`journeys.errors`, :mod:`journeys.atomic`,
:mod:`journeys.data_paths`). Nothing here knows where a place is on the ground or what a verdict is.
"""
