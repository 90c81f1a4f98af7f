-- An invitation to an address that belongs to a patient or a professional gives nothing, but
-- it stays in the inviting patient's list as an invitation (with the typed name and address)
-- like any other, so the list never tells what kind of account an address has. Such a
-- mandate has no carer account (`carer_account_id` is NULL) and names the address in
-- `invited_email`; it can be revoked, it expires, and it never lets anyone act.
ALTER TABLE mandates ALTER COLUMN carer_account_id DROP NOT NULL;
ALTER TABLE mandates ADD COLUMN invited_name TEXT;
ALTER TABLE mandates ADD COLUMN invited_email TEXT;
ALTER TABLE mandates ADD CONSTRAINT mandates_carer_or_address
    CHECK ((carer_account_id IS NULL) = (invited_email IS NOT NULL));
