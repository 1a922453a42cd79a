"""The hand-written runtime under generated.o365.

One module per concern: `protocol` (URLs, casing, time zone), `connection` (HTTP, retries,
logging), `errors` (the exception tree), `permissions` (the 401/403 hint, from a table the
specs generate), `auth` and `account` (OAuth flows, Account),
`token_backends`; what generated classes are built on: `model` and `fields` (typed JSON),
`resource` (bound resources and services), `paths`, `arguments`; the capabilities specs
switch on: `paging`, `query`, `delta`, `batch`, `upload`, `download`, `attachments`,
`operations`, `helpers`, `timezones`. It knows nothing about any particular Graph resource:
what differs per resource is a spec key (specs/README.md, "Protocol keys"), and
tests/runtime/test_runtime_knows_no_resource.py keeps it that way.
Users import `generated.o365`.
"""
