"""Alembic environment: always run on a connection handed in by ``cipn_coach.storage.db``.

No engine is built here, so migrations use the same pragmas (foreign keys, WAL) as the
app, and tests can migrate an in-memory database.
"""

from alembic import context

from cipn_coach.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can't ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
