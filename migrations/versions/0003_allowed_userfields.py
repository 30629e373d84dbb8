"""allowed userfields stored on the integration: pages that offer them never wait on ActionKit

Revision ID: 0003_allowed_userfields
Revises: 0002_staff_session_version
Create Date: 2026-11-30 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003_allowed_userfields'
down_revision = '0002_staff_session_version'
branch_labels = None
depends_on = None


def upgrade():
    """Existing integrations start with no stored list; the next cycle, connect or Refresh fills it."""
    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('allowed_userfields', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('allowed_userfields_fetched_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('allowed_userfields_error', sa.Text(), nullable=True))


def downgrade():
    """Drop the stored list; the pages would then have nothing to offer until upgraded again."""
    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.drop_column('allowed_userfields_error')
        batch_op.drop_column('allowed_userfields_fetched_at')
        batch_op.drop_column('allowed_userfields')
