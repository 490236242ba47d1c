namespace DeviceConsole.Services.Access;

/// <summary>Who performs a change, as written into the audit log.</summary>
public sealed record Actor(string? AccountId, string Email)
{
    public static readonly Actor System = new(null, Domain.AuditEntry.SystemActor);
}
