-- A questionnaire filled in together with the patient at a visit: a short-lived link made
-- for the professional there (via = 'visit', naming them), and a response entered by them
-- (entered_via = 'visit').
ALTER TABLE link_tokens DROP CONSTRAINT link_tokens_via_check;
ALTER TABLE link_tokens ADD CONSTRAINT link_tokens_via_check
    CHECK (via IN ('mail', 'account', 'visit'));
ALTER TABLE link_tokens ADD COLUMN entered_by_account BIGINT REFERENCES accounts (id);
ALTER TABLE responses DROP CONSTRAINT responses_entered_via_check;
ALTER TABLE responses ADD CONSTRAINT responses_entered_via_check
    CHECK (entered_via IN ('link', 'account', 'visit'));
