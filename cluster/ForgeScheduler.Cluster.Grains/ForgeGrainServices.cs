using ForgeScheduler.Cluster.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;

namespace ForgeScheduler.Cluster.Grains;

public static class ForgeGrainServices
{
    /// <summary>What the forge grains need from a silo's container: the planner (the rescheduler from the
    /// schedule in force; CP-SAT on the whole book for the first version), its limits, and a clock.</summary>
    public static IServiceCollection AddForgeGrains(this IServiceCollection services, PlanningOptions? planning = null)
    {
        services.TryAddSingleton(planning ?? PlanningOptions.Default);
        services.TryAddSingleton<IPlanner, ReschedulingPlanner>();
        services.TryAddSingleton<SolverPool>();
        services.TryAddSingleton(TimeProvider.System);
        // forge serve registers its Prometheus telemetry here first; without it the resource grains meter nothing.
        services.TryAddSingleton<IActualsMeter, NoActualsMeter>();
        // The hosting replaces this with PostgreSQL rows when the silo keeps state in a database.
        services.TryAddSingleton<IPlantStorage, InMemoryPlantStorage>();
        // Grain state is [GenerateSerializer] records with init-only members; the default JSON storage
        // serializer cannot construct them, Orleans' own serializer can (and is version tolerant by [Id]).
        // Added, not TryAdded: it must replace the silo's default, so call this after the silo's defaults.
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.AddForgeWireTypes();
        return services;
    }
}
