from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from generated.o365._runtime.protocol import NATIONAL_CLOUDS, MSGraphProtocol, local_timezone


def test_defaults_point_at_global_graph() -> None:
    p = MSGraphProtocol(timezone="UTC")
    assert p.graph_url == "https://graph.microsoft.com/v1.0/"
    assert p.service_url == p.graph_url
    assert p.protocol_scope_prefix == "https://graph.microsoft.com/"
    assert p.authority_host == "https://login.microsoftonline.com"
    assert p.default_resource == "me"
    assert p.api_version == "v1.0"


def test_beta_and_default_resource() -> None:
    p = MSGraphProtocol("beta", "user@contoso.com", timezone="UTC")
    assert p.graph_url == "https://graph.microsoft.com/beta/"
    assert p.default_resource == "user@contoso.com"


@pytest.mark.parametrize(
    ("cloud", "graph_url", "authority"),
    [
        ("global", "https://graph.microsoft.com/v1.0/", "https://login.microsoftonline.com"),
        ("us_gov_l4", "https://graph.microsoft.us/v1.0/", "https://login.microsoftonline.us"),
        ("us_gov_l5", "https://dod-graph.microsoft.us/v1.0/", "https://login.microsoftonline.us"),
        (
            "china",
            "https://microsoftgraph.chinacloudapi.cn/v1.0/",
            "https://login.chinacloudapi.cn",
        ),
    ],
)
def test_one_switch_picks_graph_host_and_authority(
    cloud: str, graph_url: str, authority: str
) -> None:
    p = MSGraphProtocol(cloud=cloud, timezone="UTC")
    assert p.graph_url == graph_url
    assert p.authority_host == authority
    assert p.protocol_scope_prefix == NATIONAL_CLOUDS[cloud].graph_url


def test_unknown_cloud_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="china, global, us_gov_l4, us_gov_l5"):
        MSGraphProtocol(cloud="mars")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080", "http://127.5.6.7/", "http://[::1]:9000/", "http://localhost:1"],
)
def test_plain_http_allowed_for_loopback_only(url: str) -> None:
    p = MSGraphProtocol(protocol_url=url, timezone="UTC")
    assert p.graph_url.startswith(url.rstrip("/") + "/")
    assert p.graph_url.endswith("/v1.0/")
    # the token is still for Graph even when requests go to the emulator
    assert p.protocol_scope_prefix == "https://graph.microsoft.com/"


@pytest.mark.parametrize(
    "url",
    [
        "http://graph.microsoft.com/",
        "http://10.0.0.1/",
        "ftp://x/",
        "graph.microsoft.com",
        "https://user:pw@host/",
    ],
)
def test_bad_protocol_urls_rejected(url: str) -> None:
    with pytest.raises(ValueError):
        MSGraphProtocol(protocol_url=url)


def test_bad_api_version_rejected() -> None:
    with pytest.raises(ValueError):
        MSGraphProtocol("v1.0/../x")


@pytest.mark.parametrize(
    ("snake", "camel"),
    [
        ("received_date_time", "receivedDateTime"),
        ("subject", "subject"),
        ("receivedDateTime", "receivedDateTime"),
        ("is_read", "isRead"),
        ("web_link", "webLink"),
    ],
)
def test_to_api_case(snake: str, camel: str) -> None:
    assert MSGraphProtocol.to_api_case(snake) == camel


@pytest.mark.parametrize(
    ("camel", "snake"),
    [
        ("receivedDateTime", "received_date_time"),
        ("id", "id"),
        ("iCalUId", "i_cal_u_id"),
        ("HTMLBody", "html_body"),
        ("odataType", "odata_type"),
    ],
)
def test_to_python_case(camel: str, snake: str) -> None:
    assert MSGraphProtocol.to_python_case(camel) == snake


def test_url_joins_relative_paths_and_keeps_absolute_urls() -> None:
    p = MSGraphProtocol(timezone="UTC")
    assert p.url("me/messages") == "https://graph.microsoft.com/v1.0/me/messages"
    assert p.url("/me/messages") == "https://graph.microsoft.com/v1.0/me/messages"
    absolute = "https://graph.microsoft.com/v1.0/me/messages?$skip=10"
    assert p.url(absolute) == absolute
    upload = "https://contoso.sharepoint.com/upload?tempauth=x"
    assert p.url(upload) == upload


def test_timezone_forms() -> None:
    assert MSGraphProtocol(timezone="Europe/Paris").timezone == ZoneInfo("Europe/Paris")
    zone = ZoneInfo("Asia/Tokyo")
    assert MSGraphProtocol(timezone=zone).timezone is zone
    assert isinstance(MSGraphProtocol().timezone, ZoneInfo)
    with pytest.raises(ValueError):
        MSGraphProtocol(timezone="Not/AZone")


def test_local_timezone_honours_tz_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert local_timezone() == ZoneInfo("America/New_York")
    assert MSGraphProtocol().timezone.key == "America/New_York"


def test_prefer_headers_use_windows_zone_names() -> None:
    p = MSGraphProtocol(timezone="America/Los_Angeles")
    assert p.prefer_headers() == ['outlook.timezone="Pacific Standard Time"']
    p = MSGraphProtocol(timezone="UTC", immutable_ids=True)
    assert p.prefer_headers() == ['outlook.timezone="UTC"', 'IdType="ImmutableId"']


def test_client_request_ids_are_version_4_guids() -> None:
    import uuid

    from generated.o365._runtime.request import new_guid

    ids = {new_guid() for _ in range(200)}
    assert len(ids) == 200
    for value in ids:
        parsed = uuid.UUID(value)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122) and str(parsed) == value
