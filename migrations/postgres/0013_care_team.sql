-- The professionals involved in a patient's care, each of an organisation in the care
-- network; removing one keeps nothing of theirs from the record.
CREATE TABLE care_team (
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    added_by BIGINT REFERENCES accounts (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (patient_id, account_id)
);
CREATE INDEX care_team_by_account ON care_team (account_id);
