"""The `emulator:` block of a resource spec: what it carries into the IR, and each mistake
in it reported with file, line and column."""

from __future__ import annotations

from pathlib import Path

from generated.o365._generator.loader import load_specs

from .test_spec_errors import GOOD_RESOURCE, TYPES, problems, write

BLOCK = """\
emulator:
  family: outlook
  id_style: guid
  defaults: {subject: untitled}
  keys: [subject]
  orderable: [subject]
  filterable: [subject, id]
  entity_set: things
  odata_id: true
  default_properties: [id, subject]
  seed:
    - {well_known: first, data: {subject: One}}
    - {ref: second, parent: first, id: "{owner}", data: {subject: "{first}"}}
"""


def with_block(block: str) -> str:
    return GOOD_RESOURCE.replace("fields:", block + "fields:")


def test_the_block_is_carried_in_the_ir(tmp_path: Path) -> None:
    write(tmp_path, {"types.yaml": TYPES, "area/thing.yaml": with_block(BLOCK)})
    (thing,) = load_specs(tmp_path).resources
    facts = thing.emulator
    assert (facts.family, facts.id_style, facts.entity_set, facts.odata_id) == (
        "outlook", "guid", "things", True)
    assert facts.defaults == (("subject", "untitled"),)
    assert (facts.keys, facts.orderable, facts.filterable) == (
        ("subject",), ("subject",), ("subject", "id"))
    assert facts.default_properties == ("id", "subject") and facts.seed_scope == "user"
    first, second = facts.seed
    assert (first.ref, first.well_known, first.data) == ("first", "first", (("subject", "One"),))
    assert (second.ref, second.parent, second.id) == ("second", "first", "{owner}")


def test_a_resource_without_the_block_has_no_facts(tmp_path: Path) -> None:
    write(tmp_path, {"types.yaml": TYPES, "area/thing.yaml": GOOD_RESOURCE})
    (thing,) = load_specs(tmp_path).resources
    assert thing.emulator.family is None and thing.emulator.seed == ()
    assert thing.emulator.orderable is None and thing.emulator.filterable is None


def test_fields_named_by_the_block_must_exist(tmp_path: Path) -> None:
    text = with_block("""\
emulator:
  defaults: {colour: red}
  keys: [upn]
  orderable: [subject, size]
  seed:
    - {data: {title: x}}
""")
    assert problems(tmp_path, {"area/thing.yaml": text}) == [
        "specs/area/thing.yaml:7:14: 'colour' is not a field of this resource "
        "(at /emulator/defaults/colour)",
        "specs/area/thing.yaml:8:10: 'upn' is not a field of this resource (at /emulator/keys/0)",
        "specs/area/thing.yaml:9:24: 'size' is not a field of this resource "
        "(at /emulator/orderable/1)",
        "specs/area/thing.yaml:11:15: 'title' is not a field of this resource "
        "(at /emulator/seed/0/data/title)",
    ]


def test_defaults_may_carry_an_odata_annotation(tmp_path: Path) -> None:
    """Like a seed row, a create default may be an `@odata.` annotation: To Do names a list's
    type (`@odata.type`) in every answer, a property of no field."""
    block = "emulator:\n  defaults: {'@odata.type': '#microsoft.graph.thing', subject: x}\n"
    write(tmp_path, {"types.yaml": TYPES, "area/thing.yaml": with_block(block)})
    (thing,) = load_specs(tmp_path).resources
    assert thing.emulator.defaults == (("@odata.type", "#microsoft.graph.thing"), ("subject", "x"))
    assert problems(tmp_path, {"area/thing.yaml": with_block(
        "emulator:\n  defaults: {'@colour': red}\n")}) == [
        "specs/area/thing.yaml:7:14: '@colour' is not a field of this resource "
        "(at /emulator/defaults/@colour)"]


def test_unknown_family_and_key_are_schema_errors(tmp_path: Path) -> None:
    text = with_block("emulator:\n  family: exchange\n  colour: red\n")
    assert problems(tmp_path, {"area/thing.yaml": text}) == [
        "specs/area/thing.yaml:7:11: 'exchange' is not one of ['directory', 'outlook', 'drive', 'planner', "
        "'teams', 'generic'] (at /emulator/family)",
        "specs/area/thing.yaml:8:3: unknown key 'colour' (expected one of: addresses, "
        "default_properties, defaults, derived, entity_set, family, filterable, id_style, inverse, "
        "keys, odata_id, on_request, orderable, seed, seed_scope) (at /emulator/colour)"]


def test_addresses_lead_to_the_resources_own_path_and_derived_names_fields(
        tmp_path: Path) -> None:
    text = with_block("emulator:\n  addresses: {'users/{id}/thing': 'things/{x}/y'}\n"
                      "  derived: {colour: name}\n  on_request: [size]\n")
    found = problems(tmp_path, {"area/thing.yaml": text})
    assert any("'things/{x}/y' is not this resource's path" in p for p in found), found
    assert any("'colour' is not a field of this resource" in p for p in found), found
    assert any("'size' is not a field of this resource" in p for p in found), found


def test_seed_rows_name_existing_refs_once(tmp_path: Path) -> None:
    text = with_block("""\
emulator:
  seed:
    - {ref: a, data: {subject: "{nobody}"}}
    - {ref: a, parent: b, data: {subject: x}}
""")
    assert problems(tmp_path, {"area/thing.yaml": text}) == [
        "specs/area/thing.yaml:8:32: {nobody} names no seed row's ref (nor {owner}) "
        "(at /emulator/seed/0/data/subject)",
        "specs/area/thing.yaml:9:13: seed ref 'a' is defined twice (also at "
        "specs/area/thing.yaml:8:7) (at /emulator/seed/1/ref)",
        "specs/area/thing.yaml:9:24: parent 'b' is no seed row's ref (at /emulator/seed/1/parent)",
    ]


def test_a_well_known_name_needs_an_id_path(tmp_path: Path) -> None:
    text = with_block("emulator:\n  seed:\n    - {well_known: x, data: {subject: y}}\n")
    text = text.replace('path: "{resource}/things/{id}"', 'path: "{resource}/thing"')
    text = text.replace("  id: {type: string, read_only: true}\n", "")
    assert problems(tmp_path, {"area/thing.yaml": text}) == [
        "specs/area/thing.yaml:8:20: a well-known name needs a resource path with {id} "
        "(at /emulator/seed/0/well_known)"]


def test_a_path_by_well_known_name_must_use_a_declared_one(tmp_path: Path) -> None:
    """The seed rows are the one list of well-known names: a get by another name fails."""
    thing = with_block("emulator:\n  seed:\n    - {well_known: inbox, data: {subject: y}}\n")
    service = """\
service: Things
accessor: things
doc: Things.
operations:
  inbox: {kind: get, path: "{resource}/things/inbox", returns: Thing}
  typo: {kind: get, path: "{resource}/things/inbx", returns: Thing}
  by_id: {kind: get, path: "{resource}/things/{thing_id}", returns: Thing,
          params: {thing_id: {type: string, in: path, required: true}}}
"""
    assert problems(tmp_path, {"area/thing.yaml": thing, "area/things.yaml": service}) == [
        "specs/area/things.yaml:6:27: 'inbx' is not a well-known name of Thing (its emulator "
        "seed rows declare: inbox) (at /operations/typo/path)"]
