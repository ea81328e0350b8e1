-- Scheduled repair and re-snapshot (ScheduledRepairIT, RepairBudgetIT, ResnapshotIT): counters whose hits an
-- application updates without moving updated_at (no ON UPDATE clause: a plain UPDATE leaves it alone), a ledger
-- walked in chunks and reloaded, and notes that keep syncing meanwhile.
CREATE TABLE counters (
  id INT PRIMARY KEY,
  name VARCHAR(50) NOT NULL,
  hits INT NOT NULL DEFAULT 0,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  INDEX idx_counters_updated (updated_at)
);
CREATE TABLE ledger (
  id INT PRIMARY KEY,
  amount INT NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_ledger_updated (updated_at)
);
CREATE TABLE notes (
  id INT PRIMARY KEY,
  body VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_notes_updated (updated_at)
);
