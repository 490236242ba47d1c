using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Search;

/// <summary>
/// SQLite's FTS5 trigram index of account emails (table AccountSearch, kept in step with
/// AspNetUsers by the triggers below). It stores the account ID beside the email rather than
/// pointing at AspNetUsers' rowid, which VACUUM may renumber for a table keyed by text.
/// </summary>
public static class SqliteAccountSearch
{
    /// <summary>IDs of the accounts whose email contains <paramref name="term"/>, ignoring case; terms of three characters or more.</summary>
    public static IQueryable<string> MatchingIds(AppDbContext db, string term) =>
        db.Database.SqlQuery<string>($"SELECT AccountId AS Value FROM AccountSearch WHERE AccountSearch MATCH {SqliteDeviceSearch.Phrase(term)}");

    public const string Create = """
        CREATE VIRTUAL TABLE AccountSearch USING fts5(AccountId UNINDEXED, Email, tokenize='trigram');
        CREATE TRIGGER AspNetUsers_Search_Insert AFTER INSERT ON AspNetUsers WHEN new.Email IS NOT NULL BEGIN
            INSERT INTO AccountSearch (AccountId, Email) VALUES (new.Id, new.Email);
        END;
        CREATE TRIGGER AspNetUsers_Search_Delete AFTER DELETE ON AspNetUsers BEGIN
            DELETE FROM AccountSearch WHERE AccountId = old.Id;
        END;
        CREATE TRIGGER AspNetUsers_Search_Update AFTER UPDATE OF Email ON AspNetUsers
            WHEN old.Email IS NOT new.Email BEGIN
            DELETE FROM AccountSearch WHERE AccountId = old.Id;
            INSERT INTO AccountSearch (AccountId, Email) SELECT new.Id, new.Email WHERE new.Email IS NOT NULL;
        END;
        """;

    /// <summary>The index rebuilt from the accounts: after a bulk load, or for accounts written before the triggers.</summary>
    public const string Rebuild = """
        DELETE FROM AccountSearch;
        INSERT INTO AccountSearch (AccountId, Email) SELECT Id, Email FROM AspNetUsers WHERE Email IS NOT NULL;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS AspNetUsers_Search_Update;
        DROP TRIGGER IF EXISTS AspNetUsers_Search_Delete;
        DROP TRIGGER IF EXISTS AspNetUsers_Search_Insert;
        DROP TABLE IF EXISTS AccountSearch;
        """;
}
