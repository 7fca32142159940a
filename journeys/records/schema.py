"""The JSON Schema of a journey record, generated from the model so it is never written twice."""

from __future__ import annotations

import json
from typing import Any

from journeys.records.model import Journey


def record_schema() -> dict[str, Any]:
    """The schema editors use to check a record while it is typed (YAML plugins read JSON Schema)."""
    schema = Journey.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "journeys record"
    return schema


def schema_text() -> str:
    return json.dumps(record_schema(), indent=2, ensure_ascii=False) + "\n"
