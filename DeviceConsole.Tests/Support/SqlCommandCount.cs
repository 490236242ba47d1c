namespace DeviceConsole.Tests.Support;

/// <summary>
/// Counts the SQL commands EF Core executed during an operation, from the command log the harness
/// captures: tests pin these counts so a regression to one query per row fails.
/// </summary>
public static class SqlCommandCount
{
    public static int Executed(ServiceHarness h) =>
        h.Logs.Entries.Count(e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command"
            && e.Message.StartsWith("Executed DbCommand", StringComparison.Ordinal));

    public static async Task<int> OfAsync(ServiceHarness h, Func<Task> operation)
    {
        var before = Executed(h);
        await operation();
        return Executed(h) - before;
    }
}
