namespace ForgeScheduler.Store.Tests;

public sealed class InMemoryPlantStoreTests : PlantStoreBehaviour
{
    protected override Task<IPlantStore> CreateStoreAsync() => Task.FromResult<IPlantStore>(new InMemoryPlantStore());
}
