-- Why a repeating series stopped, on the request it stopped at (NULL while it goes on):
-- `unanswered` (that many requests in a row were left unanswered, MEETPUNT_REPEAT_STOP_AFTER),
-- `no_email`, `no_consent`, `no_care_relationship` or `cannot_repeat`. The professional sees
-- it on the request's page; `repeat_months` keeps how often it repeated.
ALTER TABLE requests ADD COLUMN repeat_stopped TEXT;
