using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace DeviceConsole.Services.Tokens;

/// <summary>
/// T1: a token is the fixed prefix <c>dcpat_</c> (so secret scanners recognise it) followed by 256
/// random bits as 43 base64url characters; only its SHA-256 hash is stored.
/// </summary>
public static partial class AccessTokenSecrets
{
    public const string Prefix = "dcpat_";
    public const int Length = 49;
    /// <summary>How much of a token lists and logs show (T5): the prefix and six random characters.</summary>
    public const int DisplayLength = 12;

    public static (string Token, string Display, string Hash) New()
    {
        var token = Prefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (token, token[..DisplayLength], Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>A token of the wrong shape is rejected before any query.</summary>
    public static bool IsWellFormed(string? token) => token is { Length: Length } && Shape().IsMatch(token);

    [GeneratedRegex("^dcpat_[A-Za-z0-9_-]{43}$")]
    private static partial Regex Shape();
}
