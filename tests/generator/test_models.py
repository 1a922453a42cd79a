"""Generated models: lazy typed reads, tracked writes, unknown fields kept, safe repr."""

from __future__ import annotations

import datetime as dt
from types import ModuleType

import pytest

FIXTURE = "complex_type_features"


def test_introspection_contract(fixture_package: ModuleType) -> None:
    from generated.o365.types import Everything

    assert Everything.GRAPH_TYPE == "microsoft.graph.scheduleInformation"
    info = Everything.FIELDS["when_zoned"]
    assert (info.python_name, info.graph_name, info.type, info.read_only) == (
        "when_zoned", "whenZoned", "zoned_datetime", False)
    assert set(Everything.FIELDS) >= {"a_string", "a_bool", "some_bytes", "a_duration"}


def test_reads_convert_json_to_python(fixture_package: ModuleType) -> None:
    from generated.o365.types import Everything

    e = Everything.from_api({
        "aString": "s", "aBool": True, "anInt": 3, "aFloat": 1.5,
        "aDatetime": "2024-03-31T01:30:00.1234567Z", "aDate": "2024-03-31", "aTime": "08:30:00.0000000",
        "aDuration": "PT1H30M", "someBytes": "aGk=", "whenZoned": {"dateTime": "2024-03-31T09:00:00.0000000",
                                                                   "timeZone": "W. Europe Standard Time"},
        "availabilityView": "0213",
    })
    assert e.a_datetime == dt.datetime(2024, 3, 31, 1, 30, 0, 123456, tzinfo=dt.timezone.utc)
    assert e.a_date == dt.date(2024, 3, 31)
    assert e.a_time == dt.time(8, 30)
    assert e.a_duration == dt.timedelta(hours=1, minutes=30)
    assert e.some_bytes == b"hi"
    assert e.when_zoned is not None and e.when_zoned.utcoffset() == dt.timedelta(hours=2)
    assert e.when_zoned.hour == 9
    assert e.decoded() == ["free", "busy", "tentative", "oof"]


def test_writes_are_tracked_and_serialized_back(fixture_package: ModuleType) -> None:
    from generated.o365.types import Everything

    e = Everything.from_api({"aString": "s", "unknownNewField": {"x": 1}})
    assert e.changes() == {}
    e.a_duration = dt.timedelta(minutes=90)
    e.a_datetime = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert e.changes() == {"aDatetime": "2024-01-02T02:04:05Z", "aDuration": "P0DT1H30M0S"}
    assert e.to_api()["unknownNewField"] == {"x": 1}  # forward compatible


def test_enums_tolerate_values_added_later(fixture_package: ModuleType) -> None:
    from generated.o365.types import DayOfWeek, OddValues, RecurrencePattern

    p = RecurrencePattern.from_api({"firstDayOfWeek": "monday"})
    assert p.first_day_of_week is DayOfWeek.MONDAY
    assert RecurrencePattern.from_api({"firstDayOfWeek": "someday"}).first_day_of_week == "someday"
    assert OddValues("1stValue").name == "V_1ST_VALUE" and OddValues.WITH_SPACE.value == "with space"
    assert OddValues("First") is OddValues.V_1ST_VALUE  # an alias from the spec, any case


def test_nested_edits_mark_the_top_level_field(fixture_package: ModuleType) -> None:
    from generated.o365.types import PatternedRecurrence

    r = PatternedRecurrence.from_api({"pattern": {"type": "weekly", "interval": 1}})
    r.pattern.interval = 2
    assert r.changes() == {"pattern": {"type": "weekly", "interval": 2}}


def test_builder_sets_fields_and_rules_check_them(fixture_package: ModuleType) -> None:
    from generated.o365.types import PatternedRecurrence

    r = PatternedRecurrence()
    r.set_daily(3)
    assert r.to_api() == {"pattern": {"type": "daily", "interval": 3}}
    r.pattern.day_of_month = 4
    r.pattern.days_of_week = ["monday"]
    with pytest.raises(ValueError, match="day_of_month and days_of_week cannot be set together"):
        r.validate()
    r.pattern.days_of_week = []
    r.validate()
    r.range = {"startDate": "2024-05-02", "endDate": "2024-05-01"}
    with pytest.raises(ValueError, match="end_date .* is before start_date"):
        r.validate()


def test_repr_is_useful_and_never_shows_secrets(fixture_package: ModuleType) -> None:
    from generated.o365.types import Everything

    e = Everything.from_api({"aString": "visible", "aSecret": "hunter2", "aBool": False})
    text = repr(e)
    assert text.startswith("Everything(") and "visible" in text
    assert "hunter2" not in text


def test_constructor_rejects_unknown_fields(fixture_package: ModuleType) -> None:
    from generated.o365.types import RecurrenceRange

    with pytest.raises(TypeError, match="RecurrenceRange has no field 'colour'"):
        RecurrenceRange(colour="red")
    assert RecurrenceRange(number_of_occurrences=3).to_api() == {"numberOfOccurrences": 3}


def test_field_aliases_and_computed_properties(fixture_package: ModuleType) -> None:
    from generated.o365.types import AliasedThing

    thing = AliasedThing.from_api({"timeZone": "UTC"})
    assert thing.timezone == "UTC"
    thing.timezone = "Pacific Standard Time"
    assert thing.changes() == {"timeZone": "Pacific Standard Time"}
    assert set(AliasedThing.FIELDS) == {"time_zone", "archive_folder"}  # aliases are not fields
    assert thing.has_archive is False
    thing.archive_folder = "AAMkArchive"
    assert thing.has_archive is True
