"""staff session version: logout and password changes invalidate old session cookies

Revision ID: 0002_staff_session_version
Revises: 0001
Create Date: 2026-11-30 08:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002_staff_session_version'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    """Existing staff start at version 0; their current cookies (without a version) stop working."""
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    """Drop the column; sessions then live until the cookie expires, as before."""
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
