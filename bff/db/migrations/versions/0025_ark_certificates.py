"""issued ARK certificates for their public verification (D7, issue 20)

Revision ID: 0025
Revises: 0026
Create Date: 2026-12-03 06:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0025'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ark_certificates',
    sa.Column('request_id', sa.String(length=36), nullable=False),
    sa.Column('code_digest', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.String(length=48), nullable=False),
    sa.Column('contract_id', sa.String(length=48), nullable=False),
    sa.Column('policy_number', sa.String(length=40), nullable=False),
    sa.Column('insurer', sa.String(length=120), nullable=False),
    sa.Column('travellers', sa.JSON(), nullable=False),
    sa.Column('travel_start', sa.Date(), nullable=False),
    sa.Column('travel_end', sa.Date(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('sum_insured', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('coverages', sa.JSON(), nullable=False),
    sa.Column('emergency_phone', sa.String(length=20), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('request_id'),
    sa.UniqueConstraint('code_digest')
    )


def downgrade() -> None:
    op.drop_table('ark_certificates')
