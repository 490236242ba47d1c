namespace DeviceConsole.Data;

/// <summary>
/// Runs a start-up step; a <see cref="StartupConfigurationException"/> becomes its one line on
/// standard error and a failed exit, so an operator reads the key and the reason, not a stack trace.
/// </summary>
public static class StartupFailure
{
    public static bool Guard(Action step)
    {
        try
        {
            step();
            return true;
        }
        catch (StartupConfigurationException e)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
    }

    public static async Task<bool> GuardAsync(Func<Task> step)
    {
        try
        {
            await step();
            return true;
        }
        catch (StartupConfigurationException e)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
    }
}
