"""Batch sizes shared by the bulk reads and writes."""

# Values per IN (...) and rows per INSERT: well below SQLite's limit of bound parameters (32,766).
LOOKUP_BATCH = 2000
