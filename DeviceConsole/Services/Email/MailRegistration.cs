using DeviceConsole.Services.Common;
namespace DeviceConsole.Services.Email;

public static class MailRegistration
{
    /// <summary>SMTP once <c>Mail:Smtp:Host</c> is configured; otherwise .eml files in <c>Mail:PickupFolder</c>.</summary>
    public static IServiceCollection AddMailSender(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        if (!string.IsNullOrWhiteSpace(configuration[$"{SmtpOptions.Section}:Host"]))
        {
            services.AddSingleton<IMailSender, SmtpMailSender>();
            return services;
        }
        var mailFolder = Path.Combine(contentRoot, configuration["Mail:PickupFolder"] ?? "App_Data/mail");
        services.AddSingleton<IMailSender>(sp => new FileMailSender(mailFolder, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FileMailSender>>()));
        return services;
    }
}
