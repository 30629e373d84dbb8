"""flows, their steps and runs, automations reshaped to start a flow, and the once-per-action firing guard

Revision ID: 0006_flows
Revises: 0005_messaging
Create Date: 2026-11-30 10:11:09.820840

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_flows'
down_revision = '0005_messaging'  # written on 0004_pages_actions; chained after messaging once merged
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('flow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow')),
    sa.UniqueConstraint('name', name=op.f('uq_flow_name'))
    )
    with op.batch_alter_table('flow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flow_updated_at'), ['updated_at'], unique=False)

    op.create_table('flow_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flow_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('config', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['flow_id'], ['flow.id'], name=op.f('fk_flow_step_flow_id_flow'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_step'))
    )
    with op.batch_alter_table('flow_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flow_step_flow_id'), ['flow_id'], unique=False)

    op.create_table('flow_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flow_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('automation_id', sa.Integer(), nullable=True),
    sa.Column('ak_action_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('waiting_for', sa.String(length=8), nullable=True),
    sa.Column('due_at', sa.DateTime(), nullable=True),
    sa.Column('invalid_replies', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ak_action_id'], ['ak_action.id'], name=op.f('fk_flow_run_ak_action_id_ak_action'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['automation_id'], ['automation.id'], name=op.f('fk_flow_run_automation_id_automation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['flow_id'], ['flow.id'], name=op.f('fk_flow_run_flow_id_flow'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_flow_run_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_run'))
    )
    with op.batch_alter_table('flow_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flow_run_automation_id'), ['automation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_run_due_at'), ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_run_flow_id'), ['flow_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_run_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_run_status'), ['status'], unique=False)

    op.create_table('automation_firing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('automation_id', sa.Integer(), nullable=False),
    sa.Column('ak_action_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('flow_run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ak_action_id'], ['ak_action.id'], name=op.f('fk_automation_firing_ak_action_id_ak_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['automation_id'], ['automation.id'], name=op.f('fk_automation_firing_automation_id_automation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['flow_run_id'], ['flow_run.id'], name=op.f('fk_automation_firing_flow_run_id_flow_run'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_automation_firing_member_id_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_automation_firing')),
    sa.UniqueConstraint('automation_id', 'ak_action_id', name=op.f('uq_automation_firing_automation_id'))
    )
    with op.batch_alter_table('automation_firing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_automation_firing_ak_action_id'), ['ak_action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_automation_firing_member_id'), ['member_id'], unique=False)

    # The old placeholder automation (a body per page) was never written by the product; a row now needs a flow.
    op.execute(sa.text('DELETE FROM automation'))
    with op.batch_alter_table('automation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('field', sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column('value', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('keyword', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('audience', sa.String(length=12), nullable=False, server_default='any'))
        batch_op.add_column(sa.Column('flow_id', sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column('enabled', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('run_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('last_run_at', sa.DateTime(), nullable=True))
        batch_op.drop_index(batch_op.f('ix_automation_group_id'))
        batch_op.create_index(batch_op.f('ix_automation_flow_id'), ['flow_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_automation_keyword'), ['keyword'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_automation_name'), ['name'])
        batch_op.drop_constraint(batch_op.f('fk_automation_group_id_group'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_automation_flow_id_flow'), 'flow', ['flow_id'], ['id'], ondelete='RESTRICT')
        batch_op.drop_column('group_id')
        batch_op.drop_column('body')
        batch_op.drop_column('active')



def downgrade():
    op.execute(sa.text('DELETE FROM automation'))
    with op.batch_alter_table('automation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.BOOLEAN(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('body', sa.TEXT(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('group_id', sa.INTEGER(), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_automation_flow_id_flow'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_automation_group_id_group'), 'group', ['group_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint(batch_op.f('uq_automation_name'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_automation_keyword'))
        batch_op.drop_index(batch_op.f('ix_automation_flow_id'))
        batch_op.create_index(batch_op.f('ix_automation_group_id'), ['group_id'], unique=False)
        batch_op.drop_column('last_run_at')
        batch_op.drop_column('run_count')
        batch_op.drop_column('enabled')
        batch_op.drop_column('flow_id')
        batch_op.drop_column('audience')
        batch_op.drop_column('keyword')
        batch_op.drop_column('value')
        batch_op.drop_column('field')

    with op.batch_alter_table('automation_firing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_automation_firing_member_id'))
        batch_op.drop_index(batch_op.f('ix_automation_firing_ak_action_id'))

    op.drop_table('automation_firing')
    with op.batch_alter_table('flow_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flow_run_status'))
        batch_op.drop_index(batch_op.f('ix_flow_run_member_id'))
        batch_op.drop_index(batch_op.f('ix_flow_run_flow_id'))
        batch_op.drop_index(batch_op.f('ix_flow_run_due_at'))
        batch_op.drop_index(batch_op.f('ix_flow_run_automation_id'))

    op.drop_table('flow_run')
    with op.batch_alter_table('flow_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flow_step_flow_id'))

    op.drop_table('flow_step')
    with op.batch_alter_table('flow', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flow_updated_at'))

    op.drop_table('flow')
