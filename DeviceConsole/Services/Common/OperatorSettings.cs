using Microsoft.Extensions.Configuration.Json;

namespace DeviceConsole.Services.Common;

public static class OperatorSettings
{
    /// <summary>
    /// The operator's appsettings.json lives at the repository root and the build copies it beside
    /// the binaries. It is read first, where the content root's appsettings.json would be, so
    /// appsettings.{Environment}.json, user secrets, environment variables and the command line
    /// still override it.
    /// </summary>
    public static IConfigurationBuilder AddOperatorSettings(this IConfigurationBuilder configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var sources = configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" });
        var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        sources.Insert(index < 0 ? 0 : index, source);
        return configuration;
    }
}
