namespace DeviceConsole.Tests.Support;

/// <summary>A3 tests: runs conflicting operations at the same time and reports who committed.</summary>
public static class Race
{
    public static async Task<(int Succeeded, Exception[] Failures)> RunAsync(params Func<Task>[] operations)
    {
        var results = await Task.WhenAll(operations.Select(async operation =>
        {
            try
            {
                await Task.Run(operation);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }));
        return (results.Count(r => r is null), results.OfType<Exception>().ToArray());
    }
}
