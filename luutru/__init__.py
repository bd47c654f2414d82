"""luutru: scanned Vietnamese official papers to a searchable archive.

Every package of the project is imported under this one name (`luutru.ocr`,
`luutru.archive`, ...), so that generic names such as `index` or `metadata` never reach
site-packages. The folders stay at the top of the repository; each entry of this folder is
a link to one of them (`ocr -> ../ocr`), and pyproject.toml's `package-dir` maps them the
same way into a wheel. See docs/architecture.md, "One namespace".
"""
