"""external contracts (B5)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 13:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('external_contracts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('insurer', sa.String(length=120), nullable=False),
    sa.Column('line', sa.String(length=24), nullable=False),
    sa.Column('product', sa.String(length=120), nullable=True),
    sa.Column('policy_number', sa.String(length=40), nullable=False),
    sa.Column('premium', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('payment_frequency', sa.String(length=16), nullable=False),
    sa.Column('renewal_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('external_contracts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_contracts_account_id'), ['account_id'], unique=False)


def downgrade() -> None:
    op.drop_table('external_contracts')
