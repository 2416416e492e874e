"""Alembic migrations, shipped inside the package so an installed wheel can upgrade.

``HEAD_REVISION`` lets start-up skip importing Alembic when the database is already
current (Alembic costs ~0.1 s to import); a test keeps it equal to the real head.
"""

HEAD_REVISION = "0005"
