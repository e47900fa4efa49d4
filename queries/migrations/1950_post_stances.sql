-- post_labels with each post's stance toward its employer as one number, for an incident's tone
-- (incidents.tone): the model's P(正面) − P(负面), or +1 / −1 / 0 for a label a person set (a person's
-- word is the whole of it) or for a post analysed without scores.
CREATE OR REPLACE VIEW post_stances AS
SELECT *,
       CASE WHEN sentiment_source = 'model' AND sentiment_score IS NOT NULL THEN sentiment_score
            WHEN sentiment = '正面' THEN 1.0 WHEN sentiment = '负面' THEN -1.0 ELSE 0.0 END AS stance_score
FROM post_labels;
