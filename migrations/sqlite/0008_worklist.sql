-- The worklist. `what` says what a request asks in one column (the instrument's id or the
-- protocol's name) so lists filter on it; `result_at` is when its latest result arrived (a
-- response, or a reading); `flagged` whether a result crossed a limit or a cut-off;
-- `reviewed_at` and `reviewed_by` when and by whom its results were last seen.
ALTER TABLE requests ADD COLUMN what TEXT NOT NULL DEFAULT '';
UPDATE requests SET what = COALESCE(instrument_id, json_extract(protocol, '$.type'), '');
ALTER TABLE requests ADD COLUMN result_at TEXT;
ALTER TABLE requests ADD COLUMN flagged BIGINT NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN reviewed_at TEXT;
ALTER TABLE requests ADD COLUMN reviewed_by BIGINT REFERENCES accounts (id);
UPDATE requests SET result_at = (SELECT s.submitted_at FROM responses s WHERE s.request_id = requests.id);
UPDATE requests SET result_at = (SELECT MAX(g.entered_at) FROM readings g WHERE g.request_id = requests.id)
    WHERE result_at IS NULL;
CREATE INDEX requests_worklist ON requests (organisation_id, due_on, id);
