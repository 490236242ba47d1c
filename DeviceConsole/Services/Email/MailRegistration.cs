using DeviceConsole.Services.Common;
using Microsoft.Extensions.Options;
namespace DeviceConsole.Services.Email;

public static class MailRegistration
{
    /// <summary>
    /// SMTP once <c>Mail:Smtp:Host</c> is configured; otherwise .eml files in <c>Mail:PickupFolder</c>.
    /// Either way behind the per-address cap; account messages go through the outbox.
    /// </summary>
    public static IServiceCollection AddMailSender(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.Configure<MailQuotaOptions>(configuration.GetSection(MailQuotaOptions.Section));
        if (!string.IsNullOrWhiteSpace(configuration[$"{SmtpOptions.Section}:Host"]))
        {
            services.AddSingleton<SmtpMailSender>();
            services.AddSingleton<IMailSender>(sp => Capped(sp, sp.GetRequiredService<SmtpMailSender>()));
        }
        else
        {
            var mailFolder = Path.Combine(contentRoot, configuration["Mail:PickupFolder"] ?? "App_Data/mail");
            // Links in the log help a demo, where nobody reads the folder; outside Development they are credentials only.
            services.AddSingleton<IMailSender>(sp => Capped(sp, new FileMailSender(mailFolder, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FileMailSender>>(), logBodies: sp.GetService<IHostEnvironment>()?.IsDevelopment() ?? true)));
        }
        services.AddSingleton<MailOutbox>();
        return services;
    }

    private static MailQuota Capped(IServiceProvider sp, IMailSender inner) =>
        new(inner, sp.GetRequiredService<IOptions<MailQuotaOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MailQuota>>());
}
