using DeviceConsole.Data;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Common;

/// <summary>One read: its own context and the actor's view as loaded for it.</summary>
public sealed class ReadOperation(AppDbContext db, ActorView? view) : IAsyncDisposable
{
    public AppDbContext Db { get; } = db;

    public ActorView View => view ?? throw new InvalidOperationException("This operation runs without a signed-in actor.");

    public void Deconstruct(out AppDbContext db, out ActorView view) => (db, view) = (Db, View);

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
