"""Moving a record out and back in: the JSON backup format, writing and reading it, merging it
into a database, the CSV tables, the SQLite snapshots in ``backups/``, and the export and
snapshot services the front ends call.
"""
