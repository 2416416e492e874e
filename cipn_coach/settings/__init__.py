"""The patient's preferences and details: every stored setting defined once (``preferences``),
the settings service, the patient's profile and welcome details, and the clinician PIN.
"""
