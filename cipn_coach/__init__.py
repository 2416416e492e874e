"""CIPN Coach core: the domains (check-in, routines, sessions, self-tests, treatment,
settings, reports, backup), the session engine, speech, storage, FHIR, the clinic and
the command line, behind one front door (``cipn_coach.services``).

This package never imports Qt; the desktop UI in ``ui/`` is one client of it.
"""

__version__ = "0.1.0"
