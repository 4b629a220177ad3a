-- ForgeScheduler: the plant grain's order book, one row per order (IPlantStorage on PostgreSQL).
-- Idempotent. position keeps the order in which orders were first added (the grain plans them in it).

CREATE TABLE IF NOT EXISTS forge_plant_order
(
    plant_id     text        NOT NULL,
    order_id     text        NOT NULL,
    position     bigserial   NOT NULL,
    order_json   text        NOT NULL,
    content_hash text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plant_id, order_id)
);

CREATE INDEX IF NOT EXISTS forge_plant_order_position ON forge_plant_order (plant_id, position);
