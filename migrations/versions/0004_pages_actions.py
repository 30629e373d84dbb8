"""pages, actions and usergroups in use: outcomes of actions, page action counts, the actions watermark

Revision ID: 0004_pages_actions
Revises: 0003_allowed_userfields
Create Date: 2026-11-30 10:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004_pages_actions'
down_revision = '0003_allowed_userfields'
branch_labels = None
depends_on = None


def upgrade():
    """Nothing used these tables before, so the new columns start at their defaults."""
    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actions_watermark', sa.DateTime(), nullable=True))
    with op.batch_alter_table('ak_page', schema=None) as batch_op:
        batch_op.add_column(sa.Column('synced_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('action_count', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('ak_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('page_ak_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.String(length=12), nullable=False, server_default='pending'))
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('fires_automations', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('ak_updated_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ak_action_outcome'), ['outcome'], unique=False)
    with op.batch_alter_table('ak_user_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('synced_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('ak_created_at', sa.DateTime(), nullable=True))


def downgrade():
    """Drop the columns; stored pages, actions and usergroups keep their other values."""
    with op.batch_alter_table('ak_user_group', schema=None) as batch_op:
        batch_op.drop_column('ak_created_at')
        batch_op.drop_column('synced_at')
    with op.batch_alter_table('ak_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ak_action_outcome'))
        for name in ('ak_updated_at', 'fires_automations', 'reason', 'outcome', 'page_ak_id'):
            batch_op.drop_column(name)
    with op.batch_alter_table('ak_page', schema=None) as batch_op:
        batch_op.drop_column('action_count')
        batch_op.drop_column('synced_at')
    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.drop_column('actions_watermark')
