using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Tokens;

/// <summary>The API tokens page: the account's tokens, the tokens it may revoke as an Admin (T4), and where it may scope one (T1).</summary>
public sealed class TokenQueries(Operations operations, TimeProvider clock)
{
    public async Task<TokenOverview> GetOverviewAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var administered = view.AdministeredSubtrees;
        var inAdministered = PathFilter.InAnySubtree<AccessToken>(t => t.Organization!.Path, administered);

        var mine = await ReadAsync(db, db.AccessTokens.Where(t => t.AccountId == view.AccountId), ct);
        var others = administered.Count == 0 ? []
            : await ReadAsync(db, db.AccessTokens.Where(t => t.AccountId != view.AccountId).Where(inAdministered), ct);

        var names = await OrganizationLabels.AncestorNamesAsync(db, mine.Concat(others).Select(r => r.Path), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return new TokenOverview(
            mine.Select(r => Row(r.Token, OrganizationLabels.PathLabel(r.Path, names), r.Email, true, now)).ToList(),
            others.Select(r => Row(r.Token, OrganizationLabels.PathLabel(r.Path, names), r.Email, false, now)).ToList());
    }

    /// <summary>T1: every organization where the account has an effective role, with that role as the highest ceiling.</summary>
    public async Task<IReadOnlyList<TokenScopeOption>> ScopesAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var subtrees = view.VisibleSubtrees;
        if (subtrees.Count == 0) return [];
        var organizations = await db.Organizations.AsNoTracking()
            .Where(PathFilter.InAnySubtree<Organization>(o => o.Path, subtrees))
            .Select(o => new { o.Id, o.Path })
            .ToListAsync(ct);
        var names = await OrganizationLabels.AncestorNamesAsync(db, organizations.Select(o => o.Path), ct);
        return organizations
            .Select(o => new TokenScopeOption(o.Id, OrganizationLabels.PathLabel(o.Path, names), view.EffectiveRole(o.Path)!.Value))
            .OrderBy(o => o.Label, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    internal static TokenRow Row(AccessToken t, string organizationLabel, string email, bool mine, DateTime nowUtc) =>
        new(t.Id, t.Name, t.Prefix, t.OrganizationId, organizationLabel, t.Ceiling, email, mine, t.CreatedAt, t.ExpiresAt,
            t.RevokedAt, t.LastUsedAt,
            t.RevokedAt is not null ? TokenState.Revoked : t.IsExpired(nowUtc) ? TokenState.Expired : TokenState.Active);

    private sealed record Loaded(AccessToken Token, string Path, string Email);

    private static async Task<List<Loaded>> ReadAsync(AppDbContext db, IQueryable<AccessToken> tokens, CancellationToken ct)
    {
        var rows = await tokens.AsNoTracking()
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Take(500)
            .Select(t => new { Token = t, t.Organization!.Path, Email = db.Users.Where(u => u.Id == t.AccountId).Select(u => u.Email).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(r => new Loaded(r.Token, r.Path, r.Email ?? "")).ToList();
    }
}
