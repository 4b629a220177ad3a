-- ForgeScheduler: Orleans ADO.NET clustering on PostgreSQL (our own schema; applied by `forge db init`).
-- Idempotent: tables are created if missing, the named queries are replaced.
--
-- The provider reads its SQL from OrleansQuery (QueryKey, QueryText). It binds parameters by name
-- (@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
-- @SuspectTimes, @StartTime, @IAmAliveTime, @Version) and reads result columns by name, so every
-- SELECT below aliases our snake_case columns to the names it asks for. Nullable parameters are cast
-- so PostgreSQL knows their type when the value is NULL.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text        NOT NULL
);

-- One row per cluster (deployment): the table version every membership change must bump, so two
-- silos writing from the same view cannot both win.
CREATE TABLE IF NOT EXISTS forge_orleans_membership_version
(
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS forge_orleans_membership
(
    deployment_id   text        NOT NULL REFERENCES forge_orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the cluster's version row on first start; true when this call created it.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO forge_orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT count(*) > 0 FROM created
$q$),

-- A silo joins: only if the table is still at the version the silo read (@Version); the row lock taken
-- on the version row makes a concurrent writer re-check and fail. True when inserted and bumped.
('InsertMembershipKey', $q$
WITH expected AS (
    SELECT deployment_id FROM forge_orleans_membership_version
    WHERE deployment_id = @DeploymentId AND version = @Version
    FOR UPDATE),
joined AS (
    INSERT INTO forge_orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, coalesce(@ProxyPort::integer, 0),
           @StartTime, @IAmAliveTime
    FROM expected
    ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
    RETURNING deployment_id),
bumped AS (
    UPDATE forge_orleans_membership_version v SET version = v.version + 1, changed_at = now()
    FROM joined WHERE v.deployment_id = joined.deployment_id
    RETURNING 1)
SELECT count(*) > 0 FROM bumped
$q$),

-- A silo's status or suspicions change: same version check and bump as a join.
('UpdateMembershipKey', $q$
WITH expected AS (
    SELECT deployment_id FROM forge_orleans_membership_version
    WHERE deployment_id = @DeploymentId AND version = @Version
    FOR UPDATE),
changed AS (
    UPDATE forge_orleans_membership m
    SET status = @Status, suspect_times = @SuspectTimes::text, i_am_alive_time = @IAmAliveTime
    FROM expected
    WHERE m.deployment_id = expected.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING m.deployment_id),
bumped AS (
    UPDATE forge_orleans_membership_version v SET version = v.version + 1, changed_at = now()
    FROM changed WHERE v.deployment_id = changed.deployment_id
    RETURNING 1)
SELECT count(*) > 0 FROM bumped
$q$),

-- Heartbeat for diagnostics and defunct-row cleanup; not versioned.
('UpdateIAmAlivetimeKey', $q$
UPDATE forge_orleans_membership SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),

-- One silo's row with the table version; a row with only the version when the silo is unknown.
('MembershipReadRowKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM forge_orleans_membership_version v
LEFT JOIN forge_orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$q$),

-- Every silo of the cluster with the table version (at least one row, for the version).
('MembershipReadAllKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM forge_orleans_membership_version v
LEFT JOIN forge_orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$),

-- Gateways for clients: active silos (@Status) that listen for clients.
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM forge_orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM forge_orleans_membership_version WHERE deployment_id = @DeploymentId
$q$),

-- Rows of dead silos (status 6) not heard from since @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM forge_orleans_membership
WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
