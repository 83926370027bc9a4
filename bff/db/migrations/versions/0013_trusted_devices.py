"""trusted devices: browsers an account signed in from (issue 18)

Revision ID: 0013
Revises: 0022
Create Date: 2026-12-02 15:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('trusted_devices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_trusted_devices_account_id'), 'trusted_devices', ['account_id'], unique=False)
    op.create_index(op.f('ix_trusted_devices_token_hash'), 'trusted_devices', ['token_hash'], unique=True)


def downgrade() -> None:
    op.drop_index(op.f('ix_trusted_devices_token_hash'), table_name='trusted_devices')
    op.drop_index(op.f('ix_trusted_devices_account_id'), table_name='trusted_devices')
    op.drop_table('trusted_devices')
