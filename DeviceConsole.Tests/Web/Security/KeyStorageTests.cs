using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceConsole.Data;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Web.Security;

/// <summary>Item 9: Data Protection keys live in the database, encrypted with a configured certificate.</summary>
public sealed class KeyStorageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dc-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ARestart_KeepsEveryoneSignedIn()
    {
        // Two instances on one PostgreSQL database share the ring the same way: TwoInstanceTests.
        Assert.SkipWhen(TestProvider.IsPostgres, "SQLite only: the restart reopens the same database file.");
        var jar = new CookieContainer();
        await using (var first = new ConsoleFactory(folder: _folder))
        {
            var client = first.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));
            await client.SignInOrFailAsync("admin@acme.example");
        }

        await using var second = new ConsoleFactory(folder: _folder);
        var again = second.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/devices")).StatusCode);
        await using var db = await second.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
    }

    [Fact]
    public async Task WithACertificate_TheStoredKeysAreEncrypted()
    {
        Directory.CreateDirectory(_folder);
        var pfx = Path.Combine(_folder, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=DeviceConsole keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-only"));
        }

        await using var app = new ConsoleFactory(new() { ["DataProtection:CertificatePath"] = pfx, ["DataProtection:CertificatePassword"] = "test-only" },
            folder: _folder);
        var client = app.Client();
        await client.SignInOrFailAsync("admin@acme.example");

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var xml = Assert.Single(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        Assert.Contains("EncryptedData", xml);
        Assert.DoesNotContain("<masterKey", xml);
    }
}
