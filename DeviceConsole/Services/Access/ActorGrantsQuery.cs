using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Data.Sql;

namespace DeviceConsole.Services.Access;

/// <summary>The acting account as every service call reads it: its email, whether it has 2FA, and its grants.</summary>
public sealed record ActorAccount(string Email, bool TwoFactorEnabled, IReadOnlyList<Grant> Grants);

/// <summary>
/// The one statement every service call pays for (A3: the view is read fresh each time), written
/// once in SQL both providers accept and sent as a <see cref="RawStatement"/>: measured here at
/// about a fifth of the LINQ query's cost for the same rows.
/// </summary>
public static class ActorGrantsQuery
{
    private const string Sql = """
        SELECT u."Email", u."TwoFactorEnabled", m."Id", m."Role", m."EndsAt", o."Id", o."Name", o."Path"
        FROM "AspNetUsers" AS u
        LEFT JOIN "Memberships" AS m ON m."AccountId" = u."Id"
        LEFT JOIN "Organizations" AS o ON o."Id" = m."OrganizationId"
        WHERE u."Id" = {0}
        """;

    /// <summary>The account and its grants; null when the account no longer exists.</summary>
    public static async Task<ActorAccount?> LoadAsync(AppDbContext db, string accountId, CancellationToken ct = default)
    {
        await using var reader = await RawStatement.ExecuteReaderAsync(db, Sql, [accountId], ct);
        var rows = reader.DbDataReader;
        // M8, as the membership query filter says it: a membership past its end gives no role from that moment.
        var now = db.Now;
        string? email = null;
        var twoFactor = false;
        var grants = new List<Grant>();
        while (await rows.ReadAsync(ct))
        {
            if (rows.IsDBNull(0))
                return null;
            email = rows.GetString(0);
            twoFactor = rows.GetBoolean(1);
            if (rows.IsDBNull(2) || rows.IsDBNull(5))
                continue;
            if (!Membership.ActiveAt(rows.IsDBNull(4) ? null : rows.GetDateTime(4), now))
                continue;
            grants.Add(new Grant(rows.GetInt32(2), rows.GetInt32(5), rows.GetString(6), rows.GetString(7), (Role)rows.GetInt32(3)));
        }
        return email is null ? null : new ActorAccount(email, twoFactor, grants);
    }
}
