"""The measured work of each scenario, one module per scenario, one function per client.

Functions are named ``<work>_<variant>`` and take ``(clock, info, params)``; see bench.child.
"""
