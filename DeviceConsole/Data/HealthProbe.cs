namespace DeviceConsole.Data;

/// <summary>One row the health check rewrites, so /health proves the database takes a write.</summary>
public sealed class HealthProbe
{
    public const int RowId = 1;
    public int Id { get; set; }
    public DateTime CheckedAt { get; set; }
}
