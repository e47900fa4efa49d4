"""Ingestion: uploads and scraped records → deduplicated, masked posts (issues 4 and 11).

``reading`` / ``sqlite_tables`` (formats, encodings, workbook sheets, TrendRadar databases) →
``shapes`` (the exports of MediaCrawler, weibo-crawler, weibo-search, 思通舆情 and TrendRadar,
recognised by their headers) or ``mapping`` / ``profiles`` (which column is what, for other
files) → ``plan`` (how each table is read, where its rows' platform comes from: ``platforms``) →
``values`` (times, counts, IDs) → ``pipeline`` (validate, mask, dedup via ``fingerprint`` and
``neardup``, insert; author profiles via ``creators``). Entry points: ``pipeline.ingest_file``,
``pipeline.ingest_plans`` and ``pipeline.ingest_records``. Kept import-light: the CLI imports
this package at start-up.
"""
