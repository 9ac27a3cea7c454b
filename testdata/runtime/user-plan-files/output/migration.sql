-- Our own schema migrations, applied by the release pipeline.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS shipped_at TIMESTAMP_NTZ;
