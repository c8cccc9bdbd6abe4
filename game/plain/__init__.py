"""Plain mode: the game as line-oriented text on stdin/stdout.

For screen readers, braille displays and scripts: paragraphs, numbered
choices and commands typed as words; no escape sequences, no box drawing,
no colour. `run.play_plain` is the entry point; `render` turns engine values
into lines; `text` cleans and wraps content text; `commands` reads a line.
"""
