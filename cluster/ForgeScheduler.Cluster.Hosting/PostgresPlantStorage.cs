using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Solver.Domain;
using Npgsql;

namespace ForgeScheduler.Cluster.Hosting;

/// <summary>The plant grain's order rows, event rows and request keys in PostgreSQL (tables
/// forge_plant_order, forge_plant_event, forge_plant_request; scripts 0003, 0004). A commit is one
/// transaction: the key is claimed first (a concurrent request with the key waits for it and then finds
/// it taken), then the orders, removals and events are written in one round trip.</summary>
public sealed class PostgresPlantStorage(NpgsqlDataSource dataSource) : IPlantStorage
{
    private const string Upsert = """
        INSERT INTO forge_plant_order AS o (plant_id, order_id, order_json, content_hash)
        VALUES (@plant, @order, @json, @hash)
        ON CONFLICT (plant_id, order_id) DO UPDATE
            SET order_json = EXCLUDED.order_json, content_hash = EXCLUDED.content_hash, updated_at = now()
            WHERE o.content_hash <> EXCLUDED.content_hash
        RETURNING (xmax = 0) AS inserted
        """;

    private const string Remove = "DELETE FROM forge_plant_order WHERE plant_id = @plant AND order_id = @order RETURNING 1";

    private const string AppendEvent = """
        INSERT INTO forge_plant_event (plant_id, sequence, received_at, event_json) VALUES (@plant, @sequence, @at, @json)
        """;

    /// <summary>Waits for a concurrent transaction holding the key; inserts nothing if the key is taken.</summary>
    private const string ClaimKey = """
        INSERT INTO forge_plant_request (plant_id, key, request_hash, response_json, created_at)
        VALUES (@plant, @key, @hash, '', @at)
        ON CONFLICT (plant_id, key) DO NOTHING
        RETURNING 1
        """;

    public async Task<IReadOnlyList<Order>> LoadOrdersAsync(string plantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT order_json FROM forge_plant_order WHERE plant_id = @plant ORDER BY position");
        command.Parameters.AddWithValue("plant", plantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var orders = new List<Order>();
        while (await reader.ReadAsync(cancellationToken)) orders.Add(DomainJson.Read<Order>(reader.GetString(0)));
        return orders;
    }

    public async Task<IReadOnlyList<LoggedEvent>> LoadEventsAsync(string plantId, long afterSequence, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT sequence, received_at, event_json FROM forge_plant_event
            WHERE plant_id = @plant AND sequence > @after ORDER BY sequence
            """);
        command.Parameters.AddWithValue("plant", plantId);
        command.Parameters.AddWithValue("after", afterSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<LoggedEvent>();
        while (await reader.ReadAsync(cancellationToken))
            events.Add(new LoggedEvent
            {
                Sequence = reader.GetInt64(0),
                ReceivedAt = reader.GetFieldValue<DateTimeOffset>(1),
                Event = OrderRow.ReadEvent(reader.GetString(2)),
            });
        return events;
    }

    public async Task<StoredRequest?> FindRequestAsync(string plantId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, plantId, key, cancellationToken);
    }

    public async Task<PlantCommit> CommitAsync(string plantId, PlantWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (write.Claim is { } claim)
        {
            await using var command = new NpgsqlCommand(ClaimKey, connection, transaction);
            command.Parameters.AddWithValue("plant", plantId);
            command.Parameters.AddWithValue("key", claim.Key);
            command.Parameters.AddWithValue("hash", claim.RequestHash);
            command.Parameters.AddWithValue("at", write.At.ToUniversalTime());
            if (await command.ExecuteScalarAsync(cancellationToken) is null)
            {
                var earlier = await FindAsync(connection, transaction, plantId, claim.Key, cancellationToken)
                              ?? throw new InvalidOperationException($"plant '{plantId}': key '{claim.Key}' is taken but not readable");
                await transaction.RollbackAsync(cancellationToken);
                return new PlantCommit([], 0, earlier);
            }
        }
        var (outcomes, removed) = await WriteRowsAsync(connection, transaction, plantId, write, cancellationToken);
        if (write.Claim is { } recorded)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            var answer = new NpgsqlBatchCommand("UPDATE forge_plant_request SET response_json = @json WHERE plant_id = @plant AND key = @key");
            answer.Parameters.AddWithValue("plant", plantId);
            answer.Parameters.AddWithValue("key", recorded.Key);
            answer.Parameters.AddWithValue("json", write.Answer?.Invoke(outcomes) ?? "{}");
            batch.BatchCommands.Add(answer);
            if (write.ForgetKeysBefore is { } cutoff)
            {
                var forget = new NpgsqlBatchCommand("DELETE FROM forge_plant_request WHERE plant_id = @plant AND created_at < @cutoff");
                forget.Parameters.AddWithValue("plant", plantId);
                forget.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
                batch.BatchCommands.Add(forget);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new PlantCommit(outcomes, removed, null);
    }

    /// <summary>Upserts, removals and events in one round trip; per upsert its outcome, and the removals that hit.</summary>
    private static async Task<(IReadOnlyList<string> Outcomes, int Removed)> WriteRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string plantId, PlantWrite write, CancellationToken cancellationToken)
    {
        if (write.Upserts.Count + write.Removals.Count + write.Events.Count == 0) return ([], 0);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var order in write.Upserts)
        {
            var json = OrderRow.Json(order);
            var command = new NpgsqlBatchCommand(Upsert);
            command.Parameters.AddWithValue("plant", plantId);
            command.Parameters.AddWithValue("order", order.Id);
            command.Parameters.AddWithValue("json", json);
            command.Parameters.AddWithValue("hash", OrderRow.Hash(json));
            batch.BatchCommands.Add(command);
        }
        foreach (var id in write.Removals)
        {
            var command = new NpgsqlBatchCommand(Remove);
            command.Parameters.AddWithValue("plant", plantId);
            command.Parameters.AddWithValue("order", id);
            batch.BatchCommands.Add(command);
        }
        foreach (var e in write.Events)
        {
            var command = new NpgsqlBatchCommand(AppendEvent);
            command.Parameters.AddWithValue("plant", plantId);
            command.Parameters.AddWithValue("sequence", e.Sequence);
            command.Parameters.AddWithValue("at", e.ReceivedAt.ToUniversalTime());
            command.Parameters.AddWithValue("json", OrderRow.EventJson(e.Event));
            batch.BatchCommands.Add(command);
        }
        var outcomes = new List<string>(write.Upserts.Count);
        var removed = 0;
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var results = write.Upserts.Count + write.Removals.Count;
        for (var i = 0; i < results; i++)
        {
            var row = await reader.ReadAsync(cancellationToken);
            if (i < write.Upserts.Count) outcomes.Add(row ? (reader.GetBoolean(0) ? "inserted" : "updated") : "unchanged");
            else if (row) removed++;
            await reader.NextResultAsync(cancellationToken);
        }
        while (await reader.NextResultAsync(cancellationToken)) { }
        return (outcomes, removed);
    }

    private static async Task<StoredRequest?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string plantId, string key,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT request_hash, response_json FROM forge_plant_request WHERE plant_id = @plant AND key = @key", connection, transaction);
        command.Parameters.AddWithValue("plant", plantId);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredRequest(reader.GetString(0), reader.GetString(1)) : null;
    }
}
