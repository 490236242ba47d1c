namespace DeviceConsole.Hosting;

public static class ConsoleLogging
{
    /// <summary>Console lines with a UTC timestamp, so an operator can line them up with other systems.</summary>
    public static WebApplicationBuilder AddConsoleLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        return builder;
    }
}
