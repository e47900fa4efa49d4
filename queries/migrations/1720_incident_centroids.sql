-- Cluster centroids kept between clustering runs (workbench/incidents/centroids.py), so that a monitor
-- cycle does not recount every open cluster's terms over the window from its posts' terms (about a second
-- at a million posts). A row is the term counts of one cluster's posts at or after the window start it was
-- written for; it is used only while the cluster's posts in the current window still add up to its
-- fingerprint (a sum over the post ids, see queries/incident_cluster_spans.sql), so a move, a merge, a
-- person's edit or the window sliding past a post makes the next run recount that cluster.
CREATE TABLE IF NOT EXISTS incident_centroids (
    kind        VARCHAR NOT NULL,     -- incident | candidate
    cluster_id  BIGINT NOT NULL,      -- the incident id, or the candidate's leader post id
    n_posts     INTEGER NOT NULL,
    fingerprint BIGINT NOT NULL,     -- (each post adds under 2^32: room for 2^31 posts)
    last_at     TIMESTAMPTZ NOT NULL, -- its latest post: rows of clusters quiet for longer than a window are dropped
    terms       VARCHAR[] NOT NULL,   -- most used first (ties by term), as incident_cluster_centroids orders them
    dfs         INTEGER[] NOT NULL,   -- how many of its posts use each term
    PRIMARY KEY (kind, cluster_id)
);
