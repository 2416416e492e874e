"""The record as HL7 FHIR R4: a ``Bundle`` a care team's system can read.

``codes`` holds the app's own CodeSystem (for what no standard code fits) and the
standard codes it uses; ``questionnaire`` the check-in as a ``Questionnaire``;
``export`` builds the bundle from the services and validates it with ``fhir.resources``
(loaded only when exporting, so neither the app's start nor other commands pay for it).
Core code: no Qt here.
"""
