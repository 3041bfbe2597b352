-- Version 10: Goal Attainment Scaling.
--
-- A goal's scale: what each of the five levels (-2 much less than expected
-- ... +2 much more than expected) looks like, in the client's own words,
-- and the goal's weight. Setting a scale again writes a new row; the goal's
-- scale is its newest row not entered in error, so the earlier wording
-- stays on record.
CREATE TABLE gas_scales (
    id           INTEGER PRIMARY KEY,
    goal_id      INTEGER NOT NULL REFERENCES goals(id),
    much_less    TEXT NOT NULL CHECK (trim(much_less) <> ''),
    less         TEXT NOT NULL CHECK (trim(less) <> ''),
    expected     TEXT NOT NULL CHECK (trim(expected) <> ''),
    more         TEXT NOT NULL CHECK (trim(more) <> ''),
    much_more    TEXT NOT NULL CHECK (trim(much_more) <> ''),
    weight       REAL NOT NULL CHECK (weight > 0),
    set_by       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    error_at     TEXT,
    error_by     TEXT,
    error_reason TEXT
);
CREATE INDEX gas_scales_goal ON gas_scales(goal_id, id);

CREATE TRIGGER gas_scales_no_delete BEFORE DELETE ON gas_scales
BEGIN SELECT RAISE(ABORT, 'a GAS scale is entered in error, never deleted'); END;

CREATE TRIGGER gas_scales_kept BEFORE UPDATE ON gas_scales
WHEN NEW.goal_id IS NOT OLD.goal_id OR NEW.much_less IS NOT OLD.much_less
     OR NEW.less IS NOT OLD.less OR NEW.expected IS NOT OLD.expected
     OR NEW.more IS NOT OLD.more OR NEW.much_more IS NOT OLD.much_more
     OR NEW.weight IS NOT OLD.weight OR NEW.set_by IS NOT OLD.set_by
     OR NEW.created_at IS NOT OLD.created_at
     OR (OLD.error_at IS NOT NULL AND (NEW.error_at IS NOT OLD.error_at
         OR NEW.error_by IS NOT OLD.error_by OR NEW.error_reason IS NOT OLD.error_reason))
BEGIN SELECT RAISE(ABORT, 'a GAS scale stays as it was set; a mistake is entered in error'); END;

-- A review: the day, who scored it, and the T-score as computed when saved
-- (NULL only if no goal had weight), so a later change to a scale never
-- rewrites a past review.
CREATE TABLE gas_reviews (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id),
    reviewed_on  TEXT NOT NULL,
    t_score      REAL,
    recorded_by  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    error_at     TEXT,
    error_by     TEXT,
    error_reason TEXT
);
CREATE INDEX gas_reviews_client ON gas_reviews(client_id, reviewed_on);

CREATE TRIGGER gas_reviews_no_delete BEFORE DELETE ON gas_reviews
BEGIN SELECT RAISE(ABORT, 'a GAS review is entered in error, never deleted'); END;

CREATE TRIGGER gas_reviews_kept BEFORE UPDATE ON gas_reviews
WHEN NEW.client_id IS NOT OLD.client_id OR NEW.reviewed_on IS NOT OLD.reviewed_on
     OR NEW.t_score IS NOT OLD.t_score OR NEW.recorded_by IS NOT OLD.recorded_by
     OR NEW.created_at IS NOT OLD.created_at
     OR (OLD.error_at IS NOT NULL AND (NEW.error_at IS NOT OLD.error_at
         OR NEW.error_by IS NOT OLD.error_by OR NEW.error_reason IS NOT OLD.error_reason))
BEGIN SELECT RAISE(ABORT, 'a GAS review stays as it was saved; a mistake is entered in error'); END;

-- One level per goal per review, with the weight the goal had then.
CREATE TABLE gas_levels (
    review_id    INTEGER NOT NULL REFERENCES gas_reviews(id),
    goal_id      INTEGER NOT NULL REFERENCES goals(id),
    level        INTEGER NOT NULL CHECK (level BETWEEN -2 AND 2),
    weight       REAL NOT NULL CHECK (weight > 0),
    PRIMARY KEY (review_id, goal_id)
) WITHOUT ROWID;

CREATE TRIGGER gas_levels_no_delete BEFORE DELETE ON gas_levels
BEGIN SELECT RAISE(ABORT, 'a review''s levels are kept; the review is entered in error'); END;

CREATE TRIGGER gas_levels_no_update BEFORE UPDATE ON gas_levels
BEGIN SELECT RAISE(ABORT, 'a review''s levels stay as they were saved'); END;
