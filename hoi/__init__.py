"""Shared core of Hỏi Nghị quyết: settings, Vietnamese text handling, the manifest, the
chunk model and the on-disk index. Both `ingest` (writes the index) and `bot` (reads it)
stand on this package, so neither imports the other."""
