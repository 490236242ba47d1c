using DeviceConsole.Data;
using DeviceConsole.Data.Sql;

namespace DeviceConsole.Services.Access;

/// <summary>An organization's ID, name and current path, what labels and the audit redactor read.</summary>
public sealed record OrganizationRow(int Id, string Name, string Path);

/// <summary>Organizations by ID in one statement, the lookup behind every label and redaction.</summary>
public static class OrganizationRows
{
    public static async Task<List<OrganizationRow>> ByIdsAsync(AppDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
            return [];
        return await RawStatement.ListAsync(db, $"""
            SELECT o."Id", o."Name", o."Path" FROM "Organizations" AS o
            WHERE o."Id" IN {RawStatement.JsonValues(db, 0, integers: true)}
            """, [RawStatement.Json(ids)], r => new OrganizationRow(r.GetInt32(0), r.GetString(1), r.GetString(2)), ct);
    }
}
