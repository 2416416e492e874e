"""The PDF reports (Qt's PDF writer): the clinician report, the "Before your next cycle" page,
``cipn-coach report``, and the dialog that asks a report's period.
"""
