namespace DeviceConsole.Tests.Support;

/// <summary>A service test class with its own seeded in-memory database per test.</summary>
public abstract class ServiceTest : IAsyncLifetime
{
    protected ServiceHarness H { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync() => H = await ServiceHarness.CreateAsync();

    public virtual async ValueTask DisposeAsync()
    {
        await H.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
