"""document notices (C3)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 14:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document_notices',
    sa.Column('account_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('notified_up_to', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('account_id')
    )


def downgrade() -> None:
    op.drop_table('document_notices')
