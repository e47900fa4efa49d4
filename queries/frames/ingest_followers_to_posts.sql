-- Posts by the incoming authors (view ingest_creators) take the profile's follower count where their own export had none.
UPDATE posts SET author_followers = n.followers
FROM ingest_creators AS n
WHERE posts.platform = n.platform AND posts.author_id = n.author_id
  AND posts.author_followers IS NULL AND n.followers IS NOT NULL;
