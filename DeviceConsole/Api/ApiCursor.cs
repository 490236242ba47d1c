using System.Globalization;
using System.Security.Cryptography;
using DeviceConsole.Services.Audit;
using Microsoft.AspNetCore.DataProtection;

namespace DeviceConsole.Api;

/// <summary>
/// Paging limits, and the envelope of the audit lists' cursors: the services' own sealed keyset
/// cursor with the position it stands at, so every page's total stays exact. Protected by the
/// app's data-protection keys; a changed, truncated or foreign cursor is a 400, never a 500.
/// </summary>
public sealed class ApiCursor(IDataProtectionProvider protection)
{
    public const int MaxLimit = 500;
    public const int DefaultLimit = 100;

    public const string InvalidMessage =
        "The cursor is not valid for this query: send the \"next\" value of the previous page unchanged, with the same filters and sort, or start without one.";

    private readonly IDataProtector _protector = protection.CreateProtector("DeviceConsole.Api.Cursor.v2");

    public string Seal(int position, string serviceCursor) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{position}\n{serviceCursor}"));

    /// <returns>Position 0 and no service cursor without a cursor.</returns>
    public (int Position, string? ServiceCursor) Open(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
            return (0, null);
        string text;
        try
        {
            text = _protector.Unprotect(cursor);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw ApiRequestException.BadRequest(InvalidMessage);
        }
        var parts = text.Split('\n', 2);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            throw ApiRequestException.BadRequest(InvalidMessage);
        return (position, parts[1]);
    }

    public static int Limit(int? limit)
    {
        var value = limit ?? DefaultLimit;
        if (value < 1 || value > MaxLimit)
            throw ApiRequestException.BadRequest($"limit must be between 1 and {MaxLimit}.");
        return value;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> audit rows from a service that pages at most 100 rows per call by
    /// key, each call continuing from the previous one's cursor; the page's next cursor, sealed.
    /// </summary>
    public async Task<ApiPage<T>> CollectAuditAsync<T>(string? cursor, int limit, Func<int, int, string?, Task<AuditPage>> page,
        Func<AuditRow, T> map)
    {
        var (position, serviceCursor) = Open(cursor);
        var rows = new List<T>();
        AuditPage? last = null;
        while (rows.Count < limit)
        {
            last = await page(position + rows.Count, Math.Min(AuditPageRequest.MaxPageSize, limit - rows.Count), serviceCursor);
            rows.AddRange(last.Rows.Select(map));
            serviceCursor = last.NextCursor;
            if (serviceCursor is null)
                break;
        }
        return new ApiPage<T>(rows, last?.Total ?? 0, serviceCursor is null ? null : Seal(position + rows.Count, serviceCursor),
            last?.TotalIsLowerBound ?? false);
    }
}

/// <summary>
/// One page of a list: its rows, the total in the actor's view (for a large audit log a lower bound,
/// then <c>totalIsLowerBound</c> is true), and the cursor of the next page (null at the end).
/// </summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Total, string? Next, bool TotalIsLowerBound = false);
