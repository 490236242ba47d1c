using System.Data.Common;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DeviceConsole.Data.Postgres;

/// <summary>
/// A lost PostgreSQL connection (server restart, network cut, terminated session) in the middle of
/// an operation, on a read or a write, becomes "The change could not be saved; nothing was
/// changed." rather than an error page: the transaction died with the session, so nothing was
/// written, and the next operation opens a new connection once the server is back.
/// </summary>
public sealed class StorageFailureInterceptor : DbCommandInterceptor
{
    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        if (eventData.Exception is not StorageFailureException && StorageFailures.IsStorageFailure(eventData.Exception))
            throw new StorageFailureException(eventData.Exception);
    }
}
