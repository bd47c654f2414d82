"""The web interface and JSON API of the archive: `search_ui.app.create_app(config)`,
`search_ui.app.serve(config, host, port)` (what `luutru serve` runs)."""
