"""What a term means, for every front end: the cause ledger, the after-action report.

The engine records every change with its cause; this package groups those
records into what a player reads (a decision's consequences, a quarter's
ledger, the decisions that mattered, what decided the grade, how an ending
ranks among simulated terms). It imports no front end: the Textual game,
plain mode and replay all show the same report, each in its own way.
"""
