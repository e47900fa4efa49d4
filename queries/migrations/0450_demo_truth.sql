-- Ground truth of generated demo posts (what the generator meant), so tests and benchmarks can
-- compare the models against it. Real data never has rows here.
CREATE TABLE IF NOT EXISTS demo_truth (
    post_id      BIGINT PRIMARY KEY,
    category     VARCHAR NOT NULL,
    sentiment    VARCHAR NOT NULL,
    emotion      VARCHAR NOT NULL,
    incident_key VARCHAR
);
