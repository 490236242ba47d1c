using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace DeviceConsole.Api;

/// <summary>
/// Opaque, tamper-evident paging cursors: the position and the query it belongs to, protected by
/// the app's data-protection keys. A changed, truncated or foreign cursor is a 400, never a 500.
/// </summary>
public sealed class ApiCursor(IDataProtectionProvider protection)
{
    public const int MaxLimit = 500;
    public const int DefaultLimit = 100;

    public const string InvalidMessage =
        "The cursor is not valid for this query: send the \"next\" value of the previous page unchanged, with the same filters and sort, or start without one.";

    private readonly IDataProtector _protector = protection.CreateProtector("DeviceConsole.Api.Cursor.v1");

    /// <param name="query">A canonical text of the filters, so a cursor is only valid for the query that produced it.</param>
    public string Encode(string query, int offset) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{offset}\n{query}"));

    /// <returns>The offset the cursor points at; 0 without a cursor.</returns>
    public int Decode(string? cursor, string query)
    {
        if (string.IsNullOrEmpty(cursor))
            return 0;
        string text;
        try
        {
            text = _protector.Unprotect(cursor);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw ApiRequestException.BadRequest("The cursor is not valid: use the \"next\" value of the previous page unchanged, or start without one.");
        }
        var parts = text.Split('\n', 2);
        if (parts.Length != 2 || parts[1] != query || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            throw ApiRequestException.BadRequest("The cursor belongs to another query: repeat the filters that produced it, or start without one.");
        return offset;
    }

    public static int Limit(int? limit)
    {
        var value = limit ?? DefaultLimit;
        if (value < 1 || value > MaxLimit)
            throw ApiRequestException.BadRequest($"limit must be between 1 and {MaxLimit}.");
        return value;
    }

    /// <summary>
    /// Collects up to <paramref name="limit"/> rows from a service that pages at most <paramref name="servicePage"/>
    /// rows per call, starting at <paramref name="offset"/>.
    /// </summary>
    public static async Task<(List<T> Rows, int Total)> CollectAsync<T>(int offset, int limit, int servicePage,
        Func<int, int, Task<(IReadOnlyList<T> Rows, int Total)>> page)
    {
        var rows = new List<T>();
        var total = 0;
        while (rows.Count < limit)
        {
            var take = Math.Min(servicePage, limit - rows.Count);
            var (batch, count) = await page(offset + rows.Count, take);
            total = count;
            rows.AddRange(batch);
            if (batch.Count < take)
                break;
        }
        return (rows, total);
    }
}

/// <summary>One page of a list: its rows, the total in the actor's view, and the cursor of the next page (null at the end).</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Total, string? Next);
