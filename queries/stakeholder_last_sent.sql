-- When each audience of one incident last received an update, and how many it received.
SELECT audience, max(sent_at) AS last_sent_at, count(*) AS sent
FROM stakeholder_updates
WHERE incident_id = $incident_id AND status = '已发送'
GROUP BY audience;
