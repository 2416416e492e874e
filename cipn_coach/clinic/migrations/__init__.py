"""The clinic database's own Alembic chain, shipped inside the package.

Separate from the patient database's chain (``cipn_coach.storage.migrations``): the two
schemas live in different databases and move independently. ``HEAD_REVISION`` lets
opening skip Alembic when the database is current; a test keeps it equal to the head.
"""

HEAD_REVISION = "c0002"
