-- Every published schedule is a numbered version per plant; a version is written once.
CREATE TABLE schedule_versions (
    plant_id    text        NOT NULL REFERENCES plants (plant_id),
    version     integer     NOT NULL CHECK (version > 0),
    method      text        NOT NULL,
    schedule    jsonb       NOT NULL,
    kpis        jsonb       NOT NULL,
    saved_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plant_id, version)
);

-- KPI snapshots over time (planned per version, baseline, measured actuals), for trends.
CREATE TABLE kpi_history (
    plant_id          text        NOT NULL REFERENCES plants (plant_id),
    seq               bigint      GENERATED ALWAYS AS IDENTITY,
    schedule_version  integer,
    source            text        NOT NULL,
    kpis              jsonb       NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plant_id, seq)
);
