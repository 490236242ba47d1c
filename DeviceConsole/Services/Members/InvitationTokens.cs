using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace DeviceConsole.Services.Members;

/// <summary>
/// Invitation tokens (M4): 256 random bits, sent in the link as 43 base64url characters and
/// stored only as their SHA-256 hash.
/// </summary>
public static partial class InvitationTokens
{
    public const int Length = 43;

    public static (string Token, string Hash) New()
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>A link of the wrong length or alphabet is rejected before any query.</summary>
    public static bool IsWellFormed(string? token) => token is { Length: Length } && Alphabet().IsMatch(token);

    public static string Link(string baseUri, string token) => $"{baseUri.TrimEnd('/')}/invitations/{token}";

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Alphabet();
}
