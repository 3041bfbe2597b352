-- Version 6: records are corrected, never erased.
--
-- A progress record, plan step, referral, goal, unsigned note or checklist
-- tick typed by mistake is marked "entered in error": when (error_at, UTC
-- RFC 3339), by whom (error_by, the login name) and why (error_reason).
-- A marked row stays in the file, the history and the export; charts,
-- counts, urgency and the agenda leave it out. The audit row written with
-- the mark carries the values the row held.
ALTER TABLE progress ADD COLUMN error_at TEXT;
ALTER TABLE progress ADD COLUMN error_by TEXT;
ALTER TABLE progress ADD COLUMN error_reason TEXT;
ALTER TABLE plan_steps ADD COLUMN error_at TEXT;
ALTER TABLE plan_steps ADD COLUMN error_by TEXT;
ALTER TABLE plan_steps ADD COLUMN error_reason TEXT;
ALTER TABLE referrals ADD COLUMN error_at TEXT;
ALTER TABLE referrals ADD COLUMN error_by TEXT;
ALTER TABLE referrals ADD COLUMN error_reason TEXT;
ALTER TABLE goals ADD COLUMN error_at TEXT;
ALTER TABLE goals ADD COLUMN error_by TEXT;
ALTER TABLE goals ADD COLUMN error_reason TEXT;
ALTER TABLE notes ADD COLUMN error_at TEXT;
ALTER TABLE notes ADD COLUMN error_by TEXT;
ALTER TABLE notes ADD COLUMN error_reason TEXT;
ALTER TABLE checklist_state ADD COLUMN error_at TEXT;
ALTER TABLE checklist_state ADD COLUMN error_by TEXT;
ALTER TABLE checklist_state ADD COLUMN error_reason TEXT;
ALTER TABLE checklist_past ADD COLUMN error_at TEXT;
ALTER TABLE checklist_past ADD COLUMN error_by TEXT;
ALTER TABLE checklist_past ADD COLUMN error_reason TEXT;

-- A mark is for good: it can be neither taken back nor reworded, even by
-- raw SQL (a new record is the way on). A reason is always given.
CREATE TRIGGER progress_error_kept BEFORE UPDATE ON progress
WHEN OLD.error_at IS NOT NULL AND (NEW.error_at IS NOT OLD.error_at
     OR NEW.error_reason IS NOT OLD.error_reason OR NEW.value IS NOT OLD.value
     OR NEW.recorded_on IS NOT OLD.recorded_on)
BEGIN SELECT RAISE(ABORT, 'a record entered in error stays as it was marked'); END;

-- A goal's measure may carry a plausible range (0-7 nights a week, 0-10 a
-- rating): a value outside it is asked about, not refused.
ALTER TABLE goals ADD COLUMN range_min REAL;
ALTER TABLE goals ADD COLUMN range_max REAL;
