"""messaging: conversations (the inbox), the consent ledger, message status, provider and cause

Revision ID: 0005_messaging
Revises: 0004_pages_actions
Create Date: 2026-11-30 10:11:33.019977

"""
from alembic import op
import sqlalchemy as sa


revision = '0005_messaging'
down_revision = '0004_pages_actions'
branch_labels = None
depends_on = None


def upgrade():
    """Nothing wrote messages before, so existing rows (none expected) take the column defaults."""
    op.create_table('consent_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('old', sa.Boolean(), nullable=True),
    sa.Column('new', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_consent_change_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_change'))
    )
    with op.batch_alter_table('consent_change', schema=None) as batch_op:
        batch_op.create_index('ix_consent_change_member_at', ['member_id', 'at', 'id'], unique=False)

    op.create_table('conversation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('needs_response', sa.Boolean(), nullable=False),
    sa.Column('last_message_at', sa.DateTime(), nullable=False),
    sa.Column('last_message_preview', sa.String(length=160), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_conversation_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation')),
    sa.UniqueConstraint('member_id', name=op.f('uq_conversation_member_id'))
    )
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.create_index('ix_conversation_needs_recent', ['needs_response', 'last_message_at', 'id'], unique=False)
        batch_op.create_index('ix_conversation_recent', ['last_message_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversation_updated_at'), ['updated_at'], unique=False)

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conversation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=8), nullable=False, server_default='text'))
        batch_op.add_column(sa.Column('phone', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('provider', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('provider_sid', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('routed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('flow_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('staff_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('status_at', sa.DateTime(), nullable=True))
        batch_op.alter_column('member_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index('ix_message_conversation_order', ['conversation_id', 'created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_flow_id'), ['flow_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_status'), ['status'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_message_provider_sid'), ['provider_sid'])
        batch_op.create_foreign_key(batch_op.f('fk_message_conversation_id_conversation'), 'conversation', ['conversation_id'], ['id'], ondelete='CASCADE')



def downgrade():
    """Drop the inbox and the ledger; the message log keeps its original columns."""
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_message_conversation_id_conversation'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_message_provider_sid'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_message_status'))
        batch_op.drop_index(batch_op.f('ix_message_flow_id'))
        batch_op.drop_index('ix_message_conversation_order')
        batch_op.alter_column('member_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('status_at')
        batch_op.drop_column('sent_at')
        batch_op.drop_column('staff_email')
        batch_op.drop_column('flow_id')
        batch_op.drop_column('routed')
        batch_op.drop_column('provider_sid')
        batch_op.drop_column('provider')
        batch_op.drop_column('error')
        batch_op.drop_column('phone')
        batch_op.drop_column('kind')
        batch_op.drop_column('conversation_id')

    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_updated_at'))
        batch_op.drop_index('ix_conversation_recent')
        batch_op.drop_index('ix_conversation_needs_recent')

    op.drop_table('conversation')
    with op.batch_alter_table('consent_change', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_change_member_at')

    op.drop_table('consent_change')
