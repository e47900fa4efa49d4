-- Who set an incident's tone (polarity): the model, which reads it again from the posts as they come
-- (incidents.tone), or a person (incidents.editing.set_tone), whose choice the model never changes.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS polarity_source VARCHAR DEFAULT 'model';

-- Every tone a person set (polarity NULL: handed back to the model), with the tone the posts read as then.
CREATE SEQUENCE IF NOT EXISTS seq_incident_tone_settings START 1;
CREATE TABLE IF NOT EXISTS incident_tone_settings (
    id          BIGINT PRIMARY KEY DEFAULT nextval('seq_incident_tone_settings'),
    incident_id INTEGER NOT NULL,
    polarity    VARCHAR,
    read_as     VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    actor       VARCHAR NOT NULL,
    "at"        TIMESTAMPTZ NOT NULL
);
