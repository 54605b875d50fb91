-- How long a call intake waits for its call to be grouped before answering from what is known
-- (the customer's current outage, if any). The call is stored before the wait either way.
UPDATE outage_policies SET data = data || '{"answerWaitMs": 1000}'
 WHERE name = 'grouping' AND NOT data ? 'answerWaitMs';
