using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeviceConsole.Domain;
using Microsoft.AspNetCore.DataProtection;

namespace DeviceConsole.Services.Common;

/// <summary>
/// Opaque, tamper-evident keyset cursors: the last row's sort key, sealed with Data Protection
/// (authenticated encryption) and bound to the query it came from. A cursor that was changed, or
/// that belongs to another list, filter or sort, is refused with one plain message.
/// </summary>
public sealed class PageCursors(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("DeviceConsole.PageCursor.v1");

    public const string Invalid = "This page is no longer valid: the list changed or the link was altered. Open the first page again.";

    public sealed record Key(string? Text, long? Number, long Id);

    private sealed record Payload(string Query, string? Text, long? Number, long Id);

    public string Create(string query, Key key) => _protector.Protect(
        JsonSerializer.Serialize(new Payload(Fingerprint(query), key.Text, key.Number, key.Id)));

    public Key Read(string cursor, string query)
    {
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(cursor));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            throw new InvalidCursorException();
        }
        if (payload is null || payload.Query != Fingerprint(query))
            throw new InvalidCursorException();
        return new Key(payload.Text, payload.Number, payload.Id);
    }

    private static string Fingerprint(string query) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(query)))[..32];
}

/// <summary>A cursor that was altered or belongs to another query: bad input, which the API answers with 400.</summary>
public sealed class InvalidCursorException() : DomainException(PageCursors.Invalid);
