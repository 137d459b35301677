"""The reliability harness: crash, concurrency, full-disk and no-network trials run by `make reliability`."""
