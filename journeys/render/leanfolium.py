"""folium, branca and folium's Template, imported without pandas.

folium imports pandas if it is installed (geopandas brings it) only to ask whether a location is a
DataFrame; journeys never passes one, and importing pandas is about a tenth of what ``journeys map``
costs. So pandas is hidden while folium is first imported, and folium answers "no DataFrame" ever
after. Where pandas is already imported (by another command in the same process) folium sees it, as
it always did. Nothing else changes: pandas can be imported normally afterwards.
"""

from __future__ import annotations

import sys

_HIDDEN = "pandas" not in sys.modules
if _HIDDEN:
    sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` raises ImportError meanwhile
try:
    import folium
    from branca.element import Element, Figure, MacroElement
    from folium.template import Template
finally:
    if _HIDDEN:
        del sys.modules["pandas"]

__all__ = ["Element", "Figure", "MacroElement", "Template", "folium"]
