"""The archive: what the batch writes and the web app reads and changes.

    config.py      the one configuration object and every path of the data directory
    catalog.py     the SQLite catalog, the source of truth
    records.py     a document as archivists see it (their corrections win), and as the
                   index takes it
    finishing.py   a scan file's stored pages -> its documents, PDF/A and text (no OCR)
    indexing.py    the one index writer over the catalog
    corrections.py, splitting.py, secrecy.py, removal.py, users.py, audit.py
                   what archivists and admins change, from the web app or the command line
    export.py, tt05.py, package.py, pdfa.py, signatures.py
                   the archive's formats: CSV/JSON lines, TT05 registers, SIP packages,
                   PDF/A, digital signatures

Both `pipeline/` (the batch, the command line) and `search_ui/` (the web app) build on
it; it imports neither, so the web app does not load the batch machinery (Prefect).
"""
