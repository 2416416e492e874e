"""The command line (``cipn-coach ...``): the parser and dispatch in ``commands``, one module
per command group, ``doctor`` and the demo data.
"""
