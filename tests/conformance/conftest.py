"""Microsoft's metadata for the conformance tests: the contract tests' fixture (it skips,
saying how to get the file, when cleanMetadata.xml is missing)."""

from tests.contract.test_graph_metadata import metadata

__all__ = ["metadata"]
