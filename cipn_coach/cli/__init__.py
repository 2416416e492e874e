"""The command line (``cipn-coach ...``): opening the app (its own options and language)
in ``opening``, the whole parser and dispatch in ``commands``, one module per command
group, ``doctor`` and the demo data.
"""
