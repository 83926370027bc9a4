"""a confirmed mobile number for SMS TAN (seed 001), claim status notices per channel (E2)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-09 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mobile_confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claim_notices_by_email', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('claim_notices_by_sms', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('claim_notices_since', sa.DateTime(timezone=True), nullable=True))
    op.create_table('claim_notices',
    sa.Column('account_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('claim_id', sa.String(length=48), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('noticed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('account_id', 'claim_id', 'status')
    )


def downgrade() -> None:
    op.drop_table('claim_notices')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('claim_notices_since')
        batch_op.drop_column('claim_notices_by_sms')
        batch_op.drop_column('claim_notices_by_email')
        batch_op.drop_column('mobile_confirmed_at')
