-- $n new alert ids from the alerts sequence, ascending (a cycle's alerts are stored in one statement).
SELECT nextval('seq_alerts') AS id FROM range($n) ORDER BY id;
