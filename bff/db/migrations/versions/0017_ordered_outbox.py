"""ordered outbox, customer-visible failures, request ids, document notices by identity

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-02 14:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ordering_key', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('failure_code', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('request_id', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_service_requests_ordering', ['ordering_key', 'status', 'created_at'], unique=False)
    op.create_table('announced_documents',
    sa.Column('account_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('document_id', sa.String(length=48), nullable=False),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('account_id', 'document_id')
    )
    with op.batch_alter_table('document_notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('by_identity', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('document_notices', schema=None) as batch_op:
        batch_op.drop_column('by_identity')
    op.drop_table('announced_documents')
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_service_requests_ordering')
        batch_op.drop_column('request_id')
        batch_op.drop_column('failure_code')
        batch_op.drop_column('ordering_key')
