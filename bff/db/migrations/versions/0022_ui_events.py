"""impressions and taps of the server-driven UI, for experiment analysis (issue 16)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 14:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ui_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('screen', sa.String(length=60), nullable=False),
    sa.Column('component_id', sa.String(length=80), nullable=False),
    sa.Column('component_type', sa.String(length=60), nullable=False),
    sa.Column('experiment', sa.String(length=80), nullable=True),
    sa.Column('variant', sa.String(length=40), nullable=True),
    sa.Column('platform', sa.String(length=10), nullable=False),
    sa.Column('app_version', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ui_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ui_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ui_events_experiment'), ['experiment'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ui_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ui_events_experiment'))
        batch_op.drop_index(batch_op.f('ix_ui_events_at'))
    op.drop_table('ui_events')
