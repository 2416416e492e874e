"""The Clinician area, behind the PIN: the page, the routine and step editors, progression-rule
groups, own exercises, self-test choice, the PIN panels and the clinic workspace.
"""
