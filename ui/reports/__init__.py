"""The PDF reports (Qt's PDF writer): the clinician report, the "Before your next cycle" page,
and ``cipn-coach report``.
"""
