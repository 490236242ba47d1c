namespace DeviceConsole.Data;

/// <summary>The stores the console runs on: SQLite embedded on one host, PostgreSQL for several instances.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Database</c> section: which provider reads <c>ConnectionStrings:DeviceConsole</c>.</summary>
public static class DatabaseSettings
{
    public const string ProviderKey = "Database:Provider";

    /// <summary>Reads the provider; anything but a known name stops start-up naming the key.</summary>
    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
            return DatabaseProvider.Sqlite;
        // Enum.TryParse accepts numbers ("1"): only the names are a valid setting.
        if (Enum.GetNames<DatabaseProvider>().FirstOrDefault(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name)
            return Enum.Parse<DatabaseProvider>(name);
        throw new StartupConfigurationException(
            $"{ProviderKey} is '{value}', which is not a provider; use {string.Join(" or ", Enum.GetNames<DatabaseProvider>())}.");
    }
}
