using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Search;

/// <summary>
/// SQLite's FTS5 trigram index over device name and serial number (table DeviceSearch, kept in
/// step with Devices by triggers). A substring search of three characters or more reads the index
/// instead of every device of the subtree; shorter terms cannot use trigrams and keep the scan.
/// </summary>
public static class SqliteDeviceSearch
{
    public const int MinimumTermLength = 3;

    public static bool CanSearch(string term) => term.EnumerateRunes().Count() >= MinimumTermLength;

    /// <summary>IDs of the devices whose name or serial contains <paramref name="term"/>, ignoring case.</summary>
    public static IQueryable<int> MatchingIds(AppDbContext db, string term) =>
        db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM DeviceSearch WHERE DeviceSearch MATCH {Phrase(term)}");

    /// <summary>
    /// The term as one FTS5 string: inside double quotes every character is literal (operators,
    /// '*', '^', ':', '%', '_'), and a double quote is written twice.
    /// </summary>
    public static string Phrase(string term) => "\"" + term.Replace("\"", "\"\"") + "\"";
}
