-- Version 9: indexes for a large caseload. Nothing about the records
-- changes; only how fast they are found.
--
-- A goal's referrals were found by reading every referral (an export of
-- 50,000 clients spent most of its four minutes there).
CREATE INDEX referrals_goal ON referrals(goal_id);

-- The agenda (Today, the workload count) asks each place a due date lives
-- for what is open and due by a day. Each index holds only the open items,
-- so it stays small, and is used because its WHERE is the agenda's own.
CREATE INDEX clients_next_contact ON clients(next_contact)
    WHERE next_contact IS NOT NULL;
CREATE INDEX clients_case_review ON clients(case_review)
    WHERE case_review IS NOT NULL;
CREATE INDEX goals_open_due ON goals(due)
    WHERE status = 'active' AND due IS NOT NULL AND error_at IS NULL;
CREATE INDEX plan_steps_open_due ON plan_steps(due)
    WHERE done_on IS NULL AND due IS NOT NULL AND error_at IS NULL;
CREATE INDEX followups_open_due ON followups(due)
    WHERE done_on IS NULL AND cancelled_on IS NULL;
