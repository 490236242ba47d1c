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
        Assert.IsType<FileMailSender>(SenderFor(new() { ["Mail:Smtp:Host"] = "" }));
    }

    [Fact, Trait("Rule", "M4")]
    public void WithAnSmtpHost_MessagesGoThroughSmtp_AndTheSettingsAreRead()
    {
        var settings = new Dictionary<string, string?> { ["Mail:Smtp:Host"] = "smtp.example.com", ["Mail:Smtp:Port"] = "2525", ["Mail:Smtp:UseStartTls"] = "false" };
        Assert.IsType<SmtpMailSender>(SenderFor(settings));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>()!;
        Assert.Equal(("smtp.example.com", 2525, false), (options.Host, options.Port, options.UseStartTls));
    }
}
