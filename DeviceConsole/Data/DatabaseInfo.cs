namespace DeviceConsole.Data;

/// <summary>The configured provider, for the few pieces that speak its own SQL.</summary>
public sealed record DatabaseInfo(DatabaseProvider Provider)
{
    public bool IsPostgres => Provider == DatabaseProvider.Postgres;
}
