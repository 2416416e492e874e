"""What the app tells about a period: adherence, the summary (``summary --json`` and the
charts), the content of the PDF report, the report periods, and Today as plain words and
numbers. Pure calculators: they read plain rows, never the database.
"""
