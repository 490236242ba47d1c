using DeviceConsole.Data;
using DeviceConsole.Services.Access;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Common;

/// <summary>
/// The one way a service opens a unit of work. A write creates the context, begins the
/// transaction (<c>BEGIN IMMEDIATE</c> on SQLite, so writers are serialized) and only then loads
/// the actor's view, so every check reads the state it commits against (A3). A read loads a fresh
/// view in its own context (S3). Storage failures become one message that says nothing was saved.
/// </summary>
public sealed class Operations(IDbContextFactory<AppDbContext> dbFactory, AccessService access)
{
    /// <summary>A write on behalf of the signed-in account.</summary>
    public async Task<WriteOperation> BeginWriteAsync(CancellationToken ct = default)
    {
        var operation = await BeginAnonymousWriteAsync(ct);
        try
        {
            operation.View = await access.LoadViewAsync(operation.Db, ct);
            return operation;
        }
        catch
        {
            await operation.DisposeAsync();
            throw;
        }
    }

    /// <summary>A write with no signed-in actor (registration, seeding, system jobs): no view is loaded.</summary>
    public async Task<WriteOperation> BeginAnonymousWriteAsync(CancellationToken ct = default)
    {
        var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            var transaction = await StorageFailures.TranslateAsync(() => db.Database.BeginTransactionAsync(ct));
            return new WriteOperation(db, transaction);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read on behalf of the signed-in account, with its view loaded now.</summary>
    public async Task<ReadOperation> BeginReadAsync(CancellationToken ct = default)
    {
        var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            return new ReadOperation(db, await access.LoadViewAsync(db, ct));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read with no signed-in actor (the invitation link page, sign-in helpers).</summary>
    public async Task<ReadOperation> BeginAnonymousReadAsync(CancellationToken ct = default) =>
        new(await dbFactory.CreateDbContextAsync(ct), null);
}
