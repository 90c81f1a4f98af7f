-- Consent for digital networked care says who recorded it and how: the patient themself
-- online ('patient'), or a professional after a conversation ('professional'). Earlier
-- records keep both empty (not known).
ALTER TABLE patients ADD COLUMN consent_by BIGINT REFERENCES accounts (id);
ALTER TABLE patients ADD COLUMN consent_via TEXT CHECK (consent_via IN ('patient', 'professional'));
