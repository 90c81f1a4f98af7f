-- A list is sent in the background: the batch keeps what the form asked (the instrument, or
-- the protocol as JSON), whether reminders go and how often it repeats, and the address the
-- professional sent it from (for the access log); the patients it reaches are fixed when it
-- is sent (`batch_patients`), and it is finished when each of them has an outcome.
ALTER TABLE batches ADD COLUMN instrument TEXT;
ALTER TABLE batches ADD COLUMN protocol TEXT;
ALTER TABLE batches ADD COLUMN reminders BIGINT NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN repeat_months BIGINT;
ALTER TABLE batches ADD COLUMN client TEXT;
ALTER TABLE batches ADD COLUMN patients BIGINT NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN finished_at TEXT;
CREATE TABLE batch_patients (
    batch_id BIGINT NOT NULL REFERENCES batches (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    PRIMARY KEY (batch_id, patient_id)
);
-- Batches sent before this were sent while the professional waited: they are finished.
INSERT INTO batch_patients (batch_id, patient_id) SELECT batch_id, patient_id FROM batch_outcomes;
UPDATE batches SET finished_at = created_at,
    patients = (SELECT COUNT(*) FROM batch_outcomes o WHERE o.batch_id = batches.id);
CREATE INDEX batches_unfinished ON batches (id) WHERE finished_at IS NULL;
