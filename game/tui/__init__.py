"""The Textual game: screens, widgets, themes and commands over the pure engine.

`app.run_app(content, args)` is the entry point. Nothing in this package
decides anything about the game: it calls the engine (`Session`, `options`,
`environment`) and renders what comes back, with the causes the engine
recorded, grouped for display by `game.report`.
"""
