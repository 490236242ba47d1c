using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DeviceConsole.Services.Common;

/// <summary>
/// One write: its context, the transaction begun before anything was read, and the actor's view.
/// Disposing without <see cref="CommitAsync"/> rolls everything back, audit entries included.
/// </summary>
public sealed class WriteOperation(AppDbContext db, IDbContextTransaction transaction) : IAsyncDisposable
{
    private ActorView? _view;

    public AppDbContext Db { get; } = db;

    public ActorView View
    {
        get => _view ?? throw new InvalidOperationException("This operation runs without a signed-in actor.");
        internal set => _view = value;
    }

    public void Deconstruct(out AppDbContext db, out ActorView view) => (db, view) = (Db, View);

    /// <summary>
    /// Saves pending changes inside the transaction. A unique-index violation is handed to
    /// <paramref name="onUniqueViolation"/> (with the violated column) to become the rule's message.
    /// </summary>
    public Task SaveAsync(CancellationToken ct = default, Func<string, DomainException?>? onUniqueViolation = null) =>
        StorageFailures.TranslateAsync(async () =>
        {
            try
            {
                await Db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (UniqueViolations.Column(e) is { } column && onUniqueViolation?.Invoke(column) is { } refusal)
            {
                throw refusal;
            }
        });

    /// <summary>Saves what is pending and commits: the change and its audit entries together (L1).</summary>
    public async Task CommitAsync(CancellationToken ct = default, Func<string, DomainException?>? onUniqueViolation = null)
    {
        await SaveAsync(ct, onUniqueViolation);
        await StorageFailures.TranslateAsync(() => transaction.CommitAsync(ct));
    }

    /// <summary>Ends the transaction now, writing nothing, before slower work (sending mail) that needs no lock.</summary>
    public Task RollbackAsync(CancellationToken ct = default) => transaction.RollbackAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await Db.DisposeAsync();
    }
}
