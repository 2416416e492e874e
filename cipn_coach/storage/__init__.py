"""Storage: SQLAlchemy 2 models over SQLite (PostgreSQL for a clinic), Alembic
migrations, one repository per domain, the plain rows the calculators read
(``rows``), the ordered writer, SQLite snapshots and the repair notice.

Only the services open it (``cipn_coach.services`` and each domain's ``service``);
the UI never imports it (an import-linter contract).
"""
