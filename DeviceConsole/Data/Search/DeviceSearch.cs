using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Search;

/// <summary>
/// The provider's trigram indexes over device name, serial number and owner email: SQLite's FTS5
/// tables (<see cref="SqliteDeviceSearch"/>, <see cref="SqliteAccountSearch"/>), PostgreSQL's pg_trgm
/// GIN indexes read by ILIKE. Both match a substring ignoring case; terms shorter than a trigram
/// keep the plain scan.
/// </summary>
public static class DeviceSearch
{
    public static bool CanSearch(string term) => SqliteDeviceSearch.CanSearch(term);

    /// <summary>IDs of the devices whose name or serial contains <paramref name="term"/>, ignoring case.</summary>
    public static IQueryable<int> MatchingIds(AppDbContext db, string term)
    {
        if (!db.IsPostgres)
            return SqliteDeviceSearch.MatchingIds(db, term);
        // LIKE is ILIKE on PostgreSQL (CaseInsensitiveLike); each side is served by its GIN index.
        var pattern = $"%{EscapeLike(term)}%";
        return db.Devices.Where(d => EF.Functions.Like(d.Name, pattern, "\\") || EF.Functions.Like(d.SerialNumber, pattern, "\\"))
            .Select(d => d.Id);
    }

    /// <summary>IDs of the accounts whose email contains <paramref name="term"/>, ignoring case (device owners).</summary>
    public static IQueryable<string> MatchingOwnerIds(AppDbContext db, string term)
    {
        if (!db.IsPostgres)
            return SqliteAccountSearch.MatchingIds(db, term);
        var pattern = $"%{EscapeLike(term)}%";
        return db.Users.Where(u => EF.Functions.Like(u.Email!, pattern, "\\")).Select(u => u.Id);
    }

    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
