"""`make bench`: the library against a raw ``requests`` loop doing the same HTTP work.

Every measured client runs in its own process, against the emulator in another process, so a
sample's CPU time is the client's alone. See ``python -m bench --help`` and bench/RESULTS.md.
"""
