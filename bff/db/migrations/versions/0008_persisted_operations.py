"""persisted operations (trusted documents)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 04:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('persisted_operations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('client_name', sa.String(length=60), nullable=False),
    sa.Column('client_version', sa.String(length=40), nullable=False),
    sa.Column('operation_name', sa.String(length=200), nullable=True),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', 'client_name')
    )


def downgrade() -> None:
    op.drop_table('persisted_operations')
