"""Batch sizes shared by the bulk reads and writes."""

# Values per IN (...) and rows per INSERT (bulk_create's batch_size): well below SQLite's limit of bound
# parameters (32,766); Django caps bulk_create's batches lower itself where a row has many columns.
LOOKUP_BATCH = 2000
