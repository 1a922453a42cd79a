"""The spec-driven generator: YAML specs -> IR -> Jinja2 -> black -> generated/o365/.

Run `python -m generator --help`.
"""
