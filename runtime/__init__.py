"""The hand-written runtime under generated.o365.

One module per concern: `protocol` (URLs, casing, time zone), `connection` (HTTP, retries,
logging), `errors` (the exception tree), `auth` and `account` (OAuth flows, Account),
`token_backends`; what generated classes are built on: `model` and `fields` (typed JSON),
`resource` (bound resources and services), `paths`, `arguments`; the capabilities specs
switch on: `paging`, `query`, `delta`, `batch`, `upload`, `download`, `attachments`,
`operations`, `helpers`, `timezones`. It knows nothing about any particular Graph resource.
Users import `generated.o365`.
"""
