"""the name a non-customer gives at registration, for the greeting and the mails (issue 20)

Revision ID: 0026
Revises: 0019
Create Date: 2026-12-03 05:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0026'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('accounts', sa.Column('first_name', sa.String(length=100), nullable=True))
    op.add_column('accounts', sa.Column('last_name', sa.String(length=100), nullable=True))


def downgrade() -> None:
    op.drop_column('accounts', 'last_name')
    op.drop_column('accounts', 'first_name')
