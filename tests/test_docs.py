"""The docs describe what the code does: the schema is generated, every field and command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from journeys.cli import main
from journeys.records import model
from journeys.records.schema import schema_text
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[1]


def test_the_schema_in_docs_is_the_one_the_model_generates() -> None:
    current = (ROOT / "docs" / "journey.schema.json").read_text()
    assert current == schema_text(), "run: journeys schema --out docs/journey.schema.json"


def test_every_record_field_is_documented() -> None:
    text = (ROOT / "docs" / "records.md").read_text()
    for cls in (model.Journey, model.Source, model.Stop, model.ReportedTime, model.Leg, model.Claim, model.Span,
                model.Reading):
        assert issubclass(cls, BaseModel)
        for name, field in cls.model_fields.items():
            shown = field.alias or name
            assert re.search(rf"`{shown}`", text), f"{cls.__name__}.{shown} is not in docs/records.md"


def test_every_command_has_help_and_is_in_the_readme(run_cli: RunCli) -> None:
    readme = (ROOT / "README.md").read_text()
    for name, command in main.commands.items():
        assert command.help, name
        result = run_cli(name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output
        assert f"journeys {name}" in readme, f"README does not mention 'journeys {name}'"


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0 and re.match(r"journeys, version \d", result.output)


def test_the_readme_python_example_runs() -> None:
    import doctest

    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5 and result.failed == 0
