using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace DeviceConsole.Data;

/// <summary>Where the key ring lives (<c>DataProtection</c> section).</summary>
public sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";
    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts the keys at rest.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
}

public static class DataProtectionKeys
{
    /// <summary>
    /// The keys that sign cookies and antiforgery tokens are kept in the database, so a restart or a
    /// second instance keeps everyone signed in and every open form valid; with a certificate
    /// configured they are encrypted with it, otherwise stored as Data Protection writes them.
    /// </summary>
    public static IServiceCollection AddDeviceConsoleKeys(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(DataProtectionSettings.Section).Get<DataProtectionSettings>() ?? new DataProtectionSettings();
        var keys = services.AddDataProtection()
            .SetApplicationName("DeviceConsole")
            .PersistKeysToDbContext<AppDbContext>();
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath, settings.CertificatePassword);
            // Decrypting names the certificate too: outside a certificate store it is not found by thumbprint.
            keys.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        return services;
    }
}
