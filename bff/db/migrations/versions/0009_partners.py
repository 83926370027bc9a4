"""partners and customer grants (H2); partner reads go to audit_events

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21 04:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('client_name', sa.String(length=60), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=True),
    sa.Column('key_prefix', sa.String(length=16), nullable=True),
    sa.Column('rate_limit_per_minute', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_name'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_table('partner_grants',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=40), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('read_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('partner_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_grants_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_grants_partner_id'), ['partner_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('partner_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_grants_partner_id'))
        batch_op.drop_index(batch_op.f('ix_partner_grants_account_id'))

    op.drop_table('partner_grants')
    op.drop_table('partners')
