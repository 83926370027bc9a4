"""clerk queue and broker tools (G1-G4)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21 04:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_to', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolution', sa.String(length=20), nullable=True))
    op.create_table('service_request_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_request_id', sa.String(length=36), nullable=False),
    sa.Column('author_account_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('service_request_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_request_notes_service_request_id'), ['service_request_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('service_request_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_request_notes_service_request_id'))
    op.drop_table('service_request_notes')
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.drop_column('resolution')
        batch_op.drop_column('resolved_at')
        batch_op.drop_column('assigned_at')
        batch_op.drop_column('assigned_to')
