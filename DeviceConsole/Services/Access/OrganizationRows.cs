using DeviceConsole.Data;
using DeviceConsole.Data.Sql;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Access;

/// <summary>An organization's ID, name, parent and current path, what references, labels and the audit redactor read.</summary>
public sealed record OrganizationRow(int Id, string Name, int? ParentId, string Path);

/// <summary>Organizations by ID, the lookups behind every reference, label and redaction, without LINQ's per-call translation.</summary>
public static class OrganizationRows
{
    /// <summary>One organization, or null: a compiled query.</summary>
    public static readonly Func<AppDbContext, int, Task<OrganizationRow?>> ByIdAsync = EF.CompileAsyncQuery(
        (AppDbContext db, int id) => db.Organizations.AsNoTracking().Where(o => o.Id == id)
            .Select(o => new OrganizationRow(o.Id, o.Name, o.ParentId, o.Path)).SingleOrDefault());

    /// <summary>Any number of organizations in one statement, the IDs as one JSON array parameter.</summary>
    public static async Task<List<OrganizationRow>> ByIdsAsync(AppDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
            return [];
        return await RawStatement.ListAsync(db, $"""
            SELECT o."Id", o."Name", o."ParentId", o."Path" FROM "Organizations" AS o
            WHERE {RawStatement.In(db, "o.\"Id\"", 0, integers: true)}
            """, [RawStatement.Json(ids)],
            r => new OrganizationRow(r.GetInt32(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.GetString(3)), ct);
    }
}
