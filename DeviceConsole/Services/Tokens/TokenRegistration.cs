namespace DeviceConsole.Services.Tokens;

public static class TokenRegistration
{
    public static IServiceCollection AddTokenServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TokenOptions>(configuration.GetSection(TokenOptions.Section));
        services.AddScoped<TokenCommands>();
        services.AddScoped<TokenQueries>();
        services.AddScoped<TokenExpiry>();
        services.AddScoped<TokenAuthenticator>();
        return services;
    }
}
