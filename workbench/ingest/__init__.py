"""Ingestion: uploads and scraped records → deduplicated, masked posts (issue 4).

``reading`` (formats, encodings) → ``mapping`` / ``profiles`` (which column is what) →
``values`` (times, counts, IDs) → ``pipeline`` (validate, mask, dedup via ``fingerprint`` and
``neardup``, insert). Entry points: ``pipeline.ingest_file`` and ``pipeline.ingest_records``.
Kept import-light: the CLI imports this package at start-up.
"""
