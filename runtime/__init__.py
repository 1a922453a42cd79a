"""The hand-written runtime under generated.o365.

One module per concern: `protocol` (URLs, casing, time zone), `connection` (HTTP, retries,
logging), `errors` (the exception tree), `auth` and `account` (OAuth flows, Account),
`token_backends`, `model` and `fields` (what generated classes are built on), `paging`,
`query`, `delta`, `batch`, `upload`, `download`, `timezones`. It knows nothing about any
particular Graph resource: specs switch its capabilities on. Users import `generated.o365`.
"""
