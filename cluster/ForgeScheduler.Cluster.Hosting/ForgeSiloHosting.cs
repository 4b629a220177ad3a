using System.Net;
using System.Net.Sockets;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace ForgeScheduler.Cluster.Hosting;

public static class ForgeSiloHosting
{
    /// <summary>The Npgsql ADO.NET invariant Orleans loads its provider by.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Makes this host a forge silo: the embedded single silo by default, or a member of a
    /// PostgreSQL-backed cluster (run <see cref="ForgeDatabase.InitAsync"/> once before).</summary>
    public static IHostApplicationBuilder UseForgeSilo(this IHostApplicationBuilder builder, ForgeClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var siloPort = options.SiloPort == 0 ? FreePort() : options.SiloPort;
        var gatewayPort = options.GatewayPort == 0 ? FreePort() : options.GatewayPort;
        builder.UseOrleans(silo =>
        {
            // Inside the callback: after Orleans' defaults, so our storage serializer replaces theirs.
            silo.Services.AddForgeGrains(options.Planning);
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = options.CallTimeout);
            if (options.SiloName is { } name) silo.Configure<SiloOptions>(o => o.SiloName = name);
            switch (options.Mode)
            {
                case ClusterMode.Embedded:
                    silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                    if (options.StorageConnectionString is { } storage)
                    {
                        UsePostgresStorage(silo, storage);
                    }
                    else
                    {
                        silo.AddMemoryGrainStorage(ForgeStorage.Name);
                    }
                    break;
                case ClusterMode.Postgres:
                    var connection = RequireConnection(options);
                    silo.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = options.ClusterId;
                        o.ServiceId = options.ServiceId;
                    });
                    // Loopback keeps test and single-machine clusters off the network; a multi-host
                    // deployment advertises the address its peers reach it at (--advertise), listening on all.
                    if (options.AdvertisedAddress is { } advertised && !IPAddress.IsLoopback(advertised))
                        silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, listenOnAnyHostAddress: true);
                    else
                        silo.ConfigureEndpoints(options.AdvertisedAddress ?? IPAddress.Loopback, siloPort, gatewayPort);
                    silo.UseAdoNetClustering(o =>
                    {
                        o.Invariant = PostgresInvariant;
                        o.ConnectionString = connection;
                    });
                    UsePostgresStorage(silo, connection);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "unknown cluster mode");
            }
        });
        return builder;
    }

    /// <summary>Makes this host a client of a forge cluster (the API, tools, tests).</summary>
    public static IHostApplicationBuilder UseForgeClient(this IHostApplicationBuilder builder, ForgeClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.UseOrleansClient(client =>
        {
            client.Services.AddForgeWireTypes();
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.CallTimeout);
            switch (options.Mode)
            {
                case ClusterMode.Embedded:
                    client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                    break;
                case ClusterMode.Postgres:
                    client.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = options.ClusterId;
                        o.ServiceId = options.ServiceId;
                    });
                    client.UseAdoNetClustering(o =>
                    {
                        o.Invariant = PostgresInvariant;
                        o.ConnectionString = RequireConnection(options);
                    });
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "unknown cluster mode");
            }
        });
        return builder;
    }

    /// <summary>Grain state through Orleans' ADO.NET provider (our SQL, script 0002) and the plant grain's
    /// order rows (script 0003) in the same database.</summary>
    private static void UsePostgresStorage(ISiloBuilder silo, string connection)
    {
        silo.AddAdoNetGrainStorage(ForgeStorage.Name, o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connection;
        });
        // The pool is a keyed singleton made by a factory so the container disposes it when the silo stops.
        silo.Services.AddKeyedSingleton(nameof(PostgresPlantStorage), (_, _) => Npgsql.NpgsqlDataSource.Create(connection));
        silo.Services.AddSingleton<IPlantStorage>(sp => new PostgresPlantStorage(sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(nameof(PostgresPlantStorage))));
    }

    private static string RequireConnection(ForgeClusterOptions options) =>
        string.IsNullOrWhiteSpace(options.ConnectionString)
            ? throw new ArgumentException("cluster mode 'postgres' needs a connection string", nameof(options))
            : options.ConnectionString;

    /// <summary>A port free right now on the loopback interface (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
