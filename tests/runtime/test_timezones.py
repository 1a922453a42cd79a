"""generated.o365._runtime.timezones: the complete Windows <-> IANA table and Graph's date-time shapes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from generated.o365._runtime._windows_zones import IANA_TO_WINDOWS, WINDOWS_TO_IANA
from generated.o365._runtime.fields import DateTimeField
from generated.o365._runtime.model import Model
from generated.o365._runtime.timezones import (
    ensure_aware,
    format_datetime,
    from_graph_datetime,
    get_zone,
    iana_to_windows,
    parse_datetime,
    to_graph_datetime,
    windows_to_iana,
)


@pytest.mark.parametrize("windows_name", sorted(WINDOWS_TO_IANA))
def test_every_windows_name_round_trips(windows_name: str) -> None:
    iana = windows_to_iana(windows_name)
    assert ZoneInfo(iana).key == iana
    assert iana_to_windows(iana) == windows_name
    assert get_zone(windows_name) == ZoneInfo(iana)


@pytest.mark.parametrize("iana_name", sorted(IANA_TO_WINDOWS))
def test_every_iana_name_maps_to_a_known_windows_name(iana_name: str) -> None:
    windows_name = iana_to_windows(iana_name)
    assert windows_name in WINDOWS_TO_IANA
    assert get_zone(iana_name).key == iana_name


def test_table_is_complete_for_cldr_territory_001() -> None:
    # Spot checks from CLDR windowsZones.xml, including the 2026 Canadian additions.
    assert len(WINDOWS_TO_IANA) >= 140
    assert windows_to_iana("Pacific Standard Time") == "America/Los_Angeles"
    assert windows_to_iana("Dateline Standard Time") == "Etc/GMT+12"
    assert windows_to_iana("Line Islands Standard Time") == "Pacific/Kiritimati"
    assert windows_to_iana("British Columbia Standard Time") == "America/Vancouver"
    assert windows_to_iana("GMT Standard Time") == "Europe/London"


@pytest.mark.parametrize(
    ("alias", "windows_name"),
    [
        ("Europe/Kiev", "FLE Standard Time"),
        ("Europe/Kyiv", "FLE Standard Time"),
        ("Asia/Calcutta", "India Standard Time"),
        ("Asia/Kolkata", "India Standard Time"),
        ("America/Buenos_Aires", "Argentina Standard Time"),
        ("America/Argentina/Buenos_Aires", "Argentina Standard Time"),
        ("US/Pacific", "Pacific Standard Time"),
        ("Etc/UTC", "UTC"),
        ("GMT", "UTC"),
    ],
)
def test_aliases_resolve(alias: str, windows_name: str) -> None:
    assert iana_to_windows(alias) == windows_name


def test_renamed_zones_come_back_under_their_current_name() -> None:
    assert windows_to_iana("India Standard Time") == "Asia/Kolkata"
    assert windows_to_iana("FLE Standard Time") == "Europe/Kyiv"


def test_utc_is_utc_both_ways() -> None:
    assert windows_to_iana("UTC") == "UTC"
    assert iana_to_windows("UTC") == "UTC"
    assert get_zone("UTC") == ZoneInfo("UTC")
    assert get_zone(timezone.utc) == ZoneInfo("UTC")


def test_lookups_forgive_case_and_surrounding_space() -> None:
    assert windows_to_iana(" pacific standard time ") == "America/Los_Angeles"
    assert iana_to_windows("europe/berlin") == "W. Europe Standard Time"
    assert get_zone("asia/kolkata") == ZoneInfo("Asia/Kolkata")


@pytest.mark.parametrize("bad", ["Mars Standard Time", "", "Not/AZone", "../etc/passwd", "America"])
def test_unknown_names_raise_value_error_naming_them(bad: str) -> None:
    with pytest.raises(ValueError, match=repr(bad).replace(".", r"\.")):
        get_zone(bad)
    with pytest.raises(ValueError, match="unknown Windows time zone name"):
        windows_to_iana(bad)
    with pytest.raises(ValueError, match="unknown IANA time zone name"):
        iana_to_windows(bad)


def test_get_zone_rejects_unnamed_offsets_and_non_zones() -> None:
    with pytest.raises(ValueError, match="has no name"):
        get_zone(timezone(timedelta(hours=2)))
    with pytest.raises(TypeError):
        get_zone(42)  # type: ignore[arg-type]
    zone = ZoneInfo("Europe/Paris")
    assert get_zone(zone) is zone


def test_from_graph_datetime_parses_seven_digit_fraction_in_windows_zone() -> None:
    value = {"dateTime": "2017-04-15T12:00:00.1234567", "timeZone": "Pacific Standard Time"}
    parsed = from_graph_datetime(value, "UTC")
    assert parsed == datetime(2017, 4, 15, 12, 0, 0, 123456, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert parsed.utcoffset() == timedelta(hours=-7)


def test_from_graph_datetime_uses_default_zone_when_none_given() -> None:
    parsed = from_graph_datetime({"dateTime": "2014-11-03T17:00:00.0000000"}, "Europe/Berlin")
    assert parsed.tzinfo == ZoneInfo("Europe/Berlin")
    assert parsed.hour == 17
    utc = from_graph_datetime({"dateTime": "2014-11-03T17:00:00.0000000", "timeZone": "UTC"}, "x")
    assert utc == datetime(2014, 11, 3, 17, tzinfo=timezone.utc)


def test_from_graph_datetime_rejects_malformed_values() -> None:
    with pytest.raises(ValueError, match="dateTime"):
        from_graph_datetime({"timeZone": "UTC"}, "UTC")
    with pytest.raises(ValueError, match="not an ISO 8601"):
        from_graph_datetime({"dateTime": "yesterday", "timeZone": "UTC"}, "UTC")
    with pytest.raises(ValueError, match="Nowhere"):
        from_graph_datetime({"dateTime": "2014-11-03T17:00:00", "timeZone": "Nowhere"}, "UTC")


def test_to_graph_datetime_interprets_naive_values_in_the_given_zone() -> None:
    body = to_graph_datetime(datetime(2024, 7, 1, 9, 30), "Eastern Standard Time")
    assert body == {"dateTime": "2024-07-01T09:30:00.0000000", "timeZone": "Eastern Standard Time"}


def test_to_graph_datetime_converts_aware_values_into_the_given_zone() -> None:
    noon_utc = datetime(2024, 1, 15, 12, 0, 0, 500000, tzinfo=timezone.utc)
    body = to_graph_datetime(noon_utc, "Asia/Kolkata")
    assert body == {"dateTime": "2024-01-15T17:30:00.5000000", "timeZone": "India Standard Time"}


def test_to_graph_datetime_without_zone_keeps_the_datetime_own_zone() -> None:
    berlin = datetime(2024, 1, 15, 8, tzinfo=ZoneInfo("Europe/Berlin"))
    assert to_graph_datetime(berlin)["timeZone"] == "W. Europe Standard Time"
    offset = datetime(2024, 1, 15, 8, tzinfo=timezone(timedelta(hours=2)))
    assert to_graph_datetime(offset) == {
        "dateTime": "2024-01-15T06:00:00.0000000",
        "timeZone": "UTC",
    }
    with pytest.raises(ValueError, match="naive"):
        to_graph_datetime(datetime(2024, 1, 15, 8))


def test_graph_datetime_round_trip_keeps_the_instant() -> None:
    original = datetime(2024, 10, 27, 1, 30, tzinfo=ZoneInfo("Europe/London"))
    back = from_graph_datetime(to_graph_datetime(original), "UTC")
    assert back == original


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014-01-01T00:00:00Z", datetime(2014, 1, 1, tzinfo=timezone.utc)),
        ("2014-01-01T00:00:00.0000000Z", datetime(2014, 1, 1, tzinfo=timezone.utc)),
        (
            "2017-04-15T12:00:00.1234567+01:00",
            datetime(2017, 4, 15, 11, 0, 0, 123456, tzinfo=timezone.utc),
        ),
        ("2017-04-15T12:00:00-0530", datetime(2017, 4, 15, 17, 30, tzinfo=timezone.utc)),
        ("2017-04-15T12:00:00.5", datetime(2017, 4, 15, 12, 0, 0, 500000, tzinfo=timezone.utc)),
        ("2017-04-15T12:00", datetime(2017, 4, 15, 12, tzinfo=timezone.utc)),
    ],
)
def test_parse_datetime_handles_graph_offsets_and_fractions(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed.tzinfo is not None
    assert parsed == expected


@pytest.mark.parametrize(
    "bad", ["", "2014-13-01T00:00:00Z", "2014-01-01", "2014-01-01T25:00Z", "now"]
)
def test_parse_datetime_rejects_garbage(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_datetime(bad)


def test_format_datetime_is_utc_with_z() -> None:
    paris = datetime(2024, 7, 1, 12, tzinfo=ZoneInfo("Europe/Paris"))
    assert format_datetime(paris) == "2024-07-01T10:00:00Z"
    assert format_datetime(paris.replace(microsecond=250)) == "2024-07-01T10:00:00.000250Z"
    assert parse_datetime(format_datetime(paris)) == paris
    with pytest.raises(ValueError, match="naive"):
        format_datetime(datetime(2024, 7, 1, 12))


def test_ensure_aware_policies() -> None:
    naive = datetime(2024, 3, 1, 9)
    interpreted = ensure_aware(naive, "Tokyo Standard Time")
    assert interpreted.tzinfo == ZoneInfo("Asia/Tokyo")
    assert interpreted.hour == 9
    aware = datetime(2024, 3, 1, 9, tzinfo=timezone.utc)
    assert ensure_aware(aware, "Tokyo Standard Time", policy="reject") is aware
    with pytest.raises(ValueError, match="policy='reject'"):
        ensure_aware(naive, "UTC", policy="reject")
    with pytest.raises(ValueError, match="needs a time zone"):
        ensure_aware(naive, None)
    with pytest.raises(ValueError, match="policy must be"):
        ensure_aware(naive, "UTC", policy="guess")  # type: ignore[arg-type]


class _Stamped(Model):
    when = DateTimeField("when", "when")


GOOD = ["2014-01-01T00:00:00Z", "2014-01-01T00:00:00.0000000Z",
        "2017-04-15T12:00:00.1234567+01:00", "2017-04-15T12:00:00-0530",
        "2017-04-15T12:00:00.5", "2017-04-15T12:00", "2017-04-15 12:00:00+02:00",
        "2024-03-01T08:00:00.123456+00:00"]


@pytest.mark.parametrize("text", GOOD)
def test_a_datetime_field_reads_what_parse_datetime_reads(text: str) -> None:
    # The field has a fast path of its own (datetime.fromisoformat); it must agree with
    # parse_datetime on every form, including those the fast path hands over.
    expected = parse_datetime(text)
    read = _Stamped({"when": text}).when
    assert read == expected and read is not None and read.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("bad", ["", "2014-13-01T00:00:00Z", "2014-01-01", "now"])
def test_a_datetime_field_refuses_what_parse_datetime_refuses(bad: str) -> None:
    with pytest.raises(ValueError):
        _ = _Stamped({"when": bad}).when
