"""The patient's screens, one module each: Today, Check-in, Progress, Settings (with
its list of backups), the first-start welcome, Help and About, and how a flag is told
to a relative in the family view.
"""
