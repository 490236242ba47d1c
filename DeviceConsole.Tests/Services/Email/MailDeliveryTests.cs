using DeviceConsole.Services.Common;
using DeviceConsole.Services.Email;
using Microsoft.Extensions.Configuration;

namespace DeviceConsole.Tests.Services.Email;

public sealed class MailDeliveryTests
{
    private static IMailSender SenderFor(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddMailSender(configuration, Path.GetTempPath());
        return services.BuildServiceProvider().GetRequiredService<IMailSender>();
    }

    [Fact, Trait("Rule", "M4")]
    public void WithoutSmtpSettings_MessagesGoToFiles()
    {
        Assert.IsType<FileMailSender>(Assert.IsType<MailQuota>(SenderFor(new() { ["Mail:Smtp:Host"] = "" })).Inner);
    }

    [Fact, Trait("Rule", "M4")]
    public void WithAnSmtpHost_MessagesGoThroughSmtp_AndTheSettingsAreRead()
    {
        var settings = new Dictionary<string, string?> { ["Mail:Smtp:Host"] = "smtp.example.com", ["Mail:Smtp:Port"] = "2525", ["Mail:Smtp:UseStartTls"] = "false" };
        Assert.IsType<SmtpMailSender>(Assert.IsType<MailQuota>(SenderFor(settings)).Inner);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>()!;
        Assert.Equal(("smtp.example.com", 2525, false), (options.Host, options.Port, options.UseStartTls));
    }

    [Fact]
    public async Task OneAddress_GetsAtMostItsHourlyShare_OthersAreNotAffected()
    {
        var clock = new DeviceConsole.Tests.Support.ManualClock(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        var delivered = new List<MailMessage>();
        var quota = new MailQuota(new Collecting(delivered), Microsoft.Extensions.Options.Options.Create(new MailQuotaOptions { PerAddressPerHour = 3 }),
            clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<MailQuota>.Instance);
        MailMessage To(string address) => new(address, "Reset", "link");

        for (var i = 0; i < 3; i++)
            await quota.SendAsync(To("victim@example.com"));
        await Assert.ThrowsAsync<MailQuotaExceededException>(() => quota.SendAsync(To("VICTIM@example.com")));
        await quota.SendAsync(To("someone.else@example.com"));
        clock.Advance(TimeSpan.FromMinutes(61));
        await quota.SendAsync(To("victim@example.com"));

        Assert.Equal(5, delivered.Count);
    }

    private sealed class Collecting(List<MailMessage> delivered) : IMailSender
    {
        public Task SendAsync(MailMessage message, CancellationToken ct = default)
        {
            delivered.Add(message);
            return Task.CompletedTask;
        }
    }
}
