-- A list is sent in the background: the batch keeps what the form asked (the instrument, or
-- the protocol as JSON), whether reminders go and how often it repeats, and the address the
-- professional sent it from (for the access log); the patients it reaches are fixed when it
-- is sent (`batch_patients`), and it is finished when each of them has an outcome. One runner
-- at a time works on a batch (`working_until`, a claim that lapses). A batch that cannot go
-- on says why in `stopped` (`sender_left`: the professional left the organisation;
-- `cannot_send`: what it asks can no longer be sent, e.g. its due date passed), and whoever
-- was left gets the outcome `stopped`.
ALTER TABLE batches ADD COLUMN instrument TEXT;
ALTER TABLE batches ADD COLUMN protocol TEXT;
ALTER TABLE batches ADD COLUMN reminders BIGINT NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN repeat_months BIGINT;
ALTER TABLE batches ADD COLUMN client TEXT;
ALTER TABLE batches ADD COLUMN patients BIGINT NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN finished_at TEXT;
ALTER TABLE batches ADD COLUMN working_until TEXT;
ALTER TABLE batches ADD COLUMN stopped TEXT;
CREATE TABLE batch_patients (
    batch_id BIGINT NOT NULL REFERENCES batches (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    PRIMARY KEY (batch_id, patient_id)
);
ALTER TABLE batch_outcomes DROP CONSTRAINT batch_outcomes_outcome_check;
ALTER TABLE batch_outcomes ADD CONSTRAINT batch_outcomes_outcome_check
    CHECK (outcome IN ('sent', 'no_email', 'no_consent', 'already_open', 'not_allowed',
                       'stopped'));
-- Batches sent before this were sent while the professional waited: they are finished.
INSERT INTO batch_patients (batch_id, patient_id) SELECT batch_id, patient_id FROM batch_outcomes;
UPDATE batches SET finished_at = created_at,
    patients = (SELECT COUNT(*) FROM batch_outcomes o WHERE o.batch_id = batches.id);
CREATE INDEX batches_unfinished ON batches (id) WHERE finished_at IS NULL;
