"""The clinic workspace: many patients' exported records in one database.

A physiotherapist imports the files patients hand over (FHIR bundles from
``export --fhir``, JSON backups from ``export --json``) and sees, on one panel, who needs
attention. Nothing here is Qt; the CLI (``cipn_coach.cli.clinic``) drives it.

- ``models`` / ``migrations``: the clinic's own tables and Alembic chain (SQLite or
  PostgreSQL, the same models and migrations on both);
- ``db``: opening the database (a private folder for SQLite);
- ``sources``: reading and validating one exported file whole (nothing written);
- ``records``: a patient's rows ↔ the backup model (``backup_model.BackupData``);
- ``importer``: merging a file into a patient with the backup import's rules, logged;
- ``view`` / ``panel``: the app's own calculators (summary, flags, adherence) over a
  patient's imported rows, and the panel sorted by who needs attention.
"""
