"""central flags, experiments and kill switches of the server-driven UI (issue 16)

Revision ID: 0021
Revises: 0010
Create Date: 2026-12-02 14:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ui_switches',
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('name')
    )


def downgrade() -> None:
    op.drop_table('ui_switches')
