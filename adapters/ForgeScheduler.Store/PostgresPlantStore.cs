using Npgsql;
using NpgsqlTypes;

namespace ForgeScheduler.Store;

/// <summary>
/// <see cref="IPlantStore"/> on PostgreSQL (schema: Migrations/*.sql, applied by <see cref="StoreMigrations"/>).
/// Takes the application's one <see cref="NpgsqlDataSource"/>; single-statement writes run in
/// autocommit, multi-statement ones in a transaction; every call returns after its commit.
/// </summary>
public sealed partial class PostgresPlantStore : IPlantStore
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresPlantStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public async Task<UpsertOutcome> UpsertPlantAsync(string plantId, string plantJson, CancellationToken cancellationToken = default)
    {
        StoreArgs.Id(plantId, nameof(plantId));
        StoreArgs.Json(plantJson, nameof(plantJson));
        // No row back = the WHERE of DO UPDATE was false = same document (jsonb equality).
        const string sql = """
            INSERT INTO plants (plant_id, document) VALUES ($1, $2)
            ON CONFLICT (plant_id) DO UPDATE
                SET document = excluded.document, revision = plants.revision + 1, updated_at = now()
                WHERE plants.document IS DISTINCT FROM excluded.document
            RETURNING revision
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(Text(plantId));
        cmd.Parameters.Add(Jsonb(plantJson));
        return Outcome(await cmd.ExecuteScalarAsync(cancellationToken));
    }

    public async Task<StoredPlant?> GetPlantAsync(string plantId, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT plant_id, document, revision, updated_at FROM plants WHERE plant_id = $1
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(Text(plantId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadPlant(reader) : null;
    }

    public async Task<IReadOnlyList<StoredPlant>> ListPlantsAsync(CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT plant_id, document, revision, updated_at FROM plants ORDER BY plant_id COLLATE "C"
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        return await ReadAllAsync(cmd, ReadPlant, cancellationToken);
    }

    public async Task<UpsertOutcome> UpsertOrderAsync(string plantId, string orderId, string orderJson, string contentHash,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Id(plantId, nameof(plantId));
        StoreArgs.Id(orderId, nameof(orderId));
        StoreArgs.Json(orderJson, nameof(orderJson));
        StoreArgs.Id(contentHash, nameof(contentHash));
        // One statement, so concurrent posts of the same order cannot both insert. Revision 1 back =
        // inserted, > 1 = changed or re-activated, no row = same hash on an active order.
        const string sql = """
            INSERT INTO orders (plant_id, order_id, document, content_hash) VALUES ($1, $2, $3, $4)
            ON CONFLICT (plant_id, order_id) DO UPDATE
                SET document = excluded.document, content_hash = excluded.content_hash,
                    revision = orders.revision + 1, active = true, cancelled_at = NULL, updated_at = now()
                WHERE orders.content_hash <> excluded.content_hash OR NOT orders.active
            RETURNING revision
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(Text(plantId));
        cmd.Parameters.Add(Text(orderId));
        cmd.Parameters.Add(Jsonb(orderJson));
        cmd.Parameters.Add(Text(contentHash));
        try
        {
            return Outcome(await cmd.ExecuteScalarAsync(cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new UnknownPlantException(plantId, e);
        }
    }

    public async Task<bool> CancelOrderAsync(string plantId, string orderId, CancellationToken cancellationToken = default)
    {
        const string sql = """
            UPDATE orders SET active = false, cancelled_at = now(), updated_at = now()
            WHERE plant_id = $1 AND order_id = $2 AND active
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(Text(plantId));
        cmd.Parameters.Add(Text(orderId));
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<StoredOrder>> ListOrdersAsync(string plantId, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT plant_id, order_id, document, content_hash, revision, updated_at
            FROM orders WHERE plant_id = $1 AND active
            ORDER BY order_id COLLATE "C"
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(Text(plantId));
        return await ReadAllAsync(cmd, r => new StoredOrder(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
            r.GetInt32(4), r.GetFieldValue<DateTimeOffset>(5)), cancellationToken);
    }

    public async Task<AppendedEvent> AppendEventAsync(string plantId, string eventJson, string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Id(plantId, nameof(plantId));
        StoreArgs.Json(eventJson, nameof(eventJson));
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Lock the plant row first: appends of one plant queue here, so the key check below cannot race
        // and sequence numbers are handed out in commit order.
        const string lockPlant = """
            SELECT last_event_seq FROM plants WHERE plant_id = $1 FOR UPDATE
            """;
        await using (var cmd = new NpgsqlCommand(lockPlant, connection, transaction))
        {
            cmd.Parameters.Add(Text(plantId));
            if (await cmd.ExecuteScalarAsync(cancellationToken) is null)
                throw new UnknownPlantException(plantId);
        }

        if (idempotencyKey is not null)
        {
            const string findKey = """
                SELECT seq, document = $3 FROM events WHERE plant_id = $1 AND idempotency_key = $2
                """;
            await using var cmd = new NpgsqlCommand(findKey, connection, transaction);
            cmd.Parameters.Add(Text(plantId));
            cmd.Parameters.Add(Text(idempotencyKey));
            cmd.Parameters.Add(Jsonb(eventJson));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return reader.GetBoolean(1)
                    ? new AppendedEvent(reader.GetInt64(0), AlreadyRecorded: true)
                    : throw new IdempotencyConflictException(plantId, idempotencyKey);
            }
        }

        const string append = """
            WITH next AS (
                UPDATE plants SET last_event_seq = last_event_seq + 1 WHERE plant_id = $1 RETURNING last_event_seq)
            INSERT INTO events (plant_id, seq, document, idempotency_key)
            SELECT $1, last_event_seq, $2, $3 FROM next
            RETURNING seq
            """;
        long sequence;
        await using (var cmd = new NpgsqlCommand(append, connection, transaction))
        {
            cmd.Parameters.Add(Text(plantId));
            cmd.Parameters.Add(Jsonb(eventJson));
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)idempotencyKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            sequence = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }

        await transaction.CommitAsync(cancellationToken);
        return new AppendedEvent(sequence, AlreadyRecorded: false);
    }

    public async Task<IReadOnlyList<StoredEvent>> ListEventsAsync(string plantId, long afterSequence = 0, int limit = 10_000,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Positive(limit, nameof(limit));
        const string sql = """
            SELECT plant_id, seq, document, idempotency_key, recorded_at
            FROM events WHERE plant_id = $1 AND seq > $2
            ORDER BY seq LIMIT $3
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(Text(plantId));
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAllAsync(cmd, r => new StoredEvent(r.GetString(0), r.GetInt64(1), r.GetString(2),
            r.IsDBNull(3) ? null : r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)), cancellationToken);
    }

    private static StoredPlant ReadPlant(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3));

    private static UpsertOutcome Outcome(object? revision) => revision switch
    {
        null => UpsertOutcome.Unchanged,
        1 => UpsertOutcome.Inserted,
        _ => UpsertOutcome.Updated,
    };

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Jsonb(string json) => new() { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand cmd, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(read(reader));
        return rows;
    }
}
