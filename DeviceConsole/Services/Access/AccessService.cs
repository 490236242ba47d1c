using DeviceConsole.Data;
using DeviceConsole.Data.Sql;
using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts.TwoFactor;
using DeviceConsole.Services.Tokens;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Access;

/// <summary>
/// The one definition of the actor's view (A1, A4) and of who has access to a device (A7).
/// Every service call loads a fresh <see cref="ActorView"/> inside its own context and
/// transaction, so membership changes take effect on the actor's next action (A3, S3).
/// </summary>
public sealed class AccessService(CurrentUser currentUser, AdminTwoFactor twoFactor, ILogger<AccessService> logger)
{
    public async Task<ActorView> LoadViewAsync(AppDbContext db, CancellationToken ct = default)
    {
        var accountId = await currentUser.GetAccountIdAsync();
        var account = await ActorGrantsQuery.LoadAsync(db, accountId, ct)
            ?? throw new UnauthorizedAccessException("This account no longer exists.");
        var (email, grants) = (account.Email, account.Grants);
        // Security:RequireTwoFactorForAdmins refuses everything, tokens included, until 2FA is set up.
        if (twoFactor.Blocks(account.TwoFactorEnabled, grants.Select(g => g.Role)))
            throw new TwoFactorRequiredException();
        if (await currentUser.GetTokenAsync() is not { } token)
            return new ActorView(accountId, email, grants);

        // T2: a token's view is its account's view now, clamped to the token's subtree and ceiling.
        var scope = await db.Organizations.AsNoTracking().Where(o => o.Id == token.OrganizationId)
            .Select(o => new { o.Name, o.Path }).SingleOrDefaultAsync(ct);
        var clamped = scope is null ? [] : TokenScope.Clamp(grants, token.OrganizationId, scope.Name, scope.Path, token.Ceiling);
        return new ActorView(accountId, email, clamped, token.Name);
    }

    /// <summary>The organization if the actor has an effective role in it; otherwise not found (A4).</summary>
    public async Task<OrganizationRef> RequireVisibleAsync(AppDbContext db, ActorView view, int organizationId, CancellationToken ct = default)
    {
        var organization = await OrganizationRows.ByIdAsync(db, organizationId);
        if (organization is null || !view.Sees(organization.Path))
            throw new NotFoundException("organization");
        return await OrganizationLabels.ReferenceToAsync(db, organization, ct);
    }

    /// <summary>
    /// A device the actor sees (A2), where its role must be at least <paramref name="needed"/> for
    /// <paramref name="action"/>: not found when out of view, refused naming the role otherwise.
    /// Returns the device's organization path and owner, what its readers go on to filter by.
    /// </summary>
    public async Task<(string Path, string OwnerId)> RequireDeviceRoleAsync(AppDbContext db, ActorView view, int deviceId,
        Role needed, string action, string rule, CancellationToken ct = default)
    {
        // One command: the device with its organization's name, what the role check names in a refusal.
        var device = await DeviceWithOrganization(db, deviceId);
        RequireDeviceRole(view, device, needed, action, rule);
        return (device!.Path, device.OwnerId);
    }

    /// <summary>
    /// <see cref="RequireDeviceRoleAsync"/> on a device already read (null when there is none), for a
    /// read that fetches the device in the same statement as what it guards.
    /// </summary>
    public void RequireDeviceRole(ActorView view, DeviceLookup? device, Role needed, string action, string rule)
    {
        if (device is null || !view.SeesDevice(device.Path, device.OwnerId))
            throw new NotFoundException("device");
        // An owner left without a role there sees the device but not its organization (A4).
        if (!view.Sees(device.Path))
            throw new NotFoundException("organization");
        RequireRole(view, device.OrganizationId, device.Name, device.Path, needed, action, rule);
    }

    // Compiled: it runs on most calls, and a compiled query skips LINQ's per-call translation (about 110 µs of 150 here).
    private static readonly Func<AppDbContext, int, Task<DeviceLookup?>> DeviceWithOrganization = EF.CompileAsyncQuery(
        (AppDbContext db, int id) => db.Devices.AsNoTracking().Where(d => d.Id == id)
            .Select(d => new DeviceLookup(d.OrganizationId, d.OwnerId, d.Organization!.Path, d.Organization.Name)).SingleOrDefault());

    /// <summary>
    /// Refuses an action on something in view that the actor's role may not do, naming the role
    /// it needs (A4), and logs the refusal as a structured warning (L2).
    /// </summary>
    public void RequireRole(ActorView view, OrganizationRef organization, Role needed, string action, string rule) =>
        RequireRole(view, organization.Id, organization.Name, organization.Path, needed, action, rule);

    private void RequireRole(ActorView view, int organizationId, string name, string path, Role needed, string action, string rule)
    {
        var role = view.EffectiveRole(path);
        if (role >= needed) return;
        throw Refuse(view, rule, $"organization {organizationId}", $"{action} needs {needed} in {name}.", needed);
    }

    /// <summary>Logs a rule refusal for operators (L2, never the audit table) and returns it to throw.</summary>
    public DomainException Refuse(ActorView view, string rule, string target, string message, Role? needed = null)
    {
        logger.LogWarning("Refused {Rule} for {ActorId} on {Target}: {Reason}", rule, view.AccountId, target, message);
        return new DomainException(message) { Rule = rule, NeededRole = needed ?? NeededRoleIn(message) };
    }

    // Refusals built by hand say "… needs Staff in Client A" too; the API answers them with 403 like RequireRole's.
    private static Role? NeededRoleIn(string message) =>
        Enum.GetValues<Role>().Cast<Role?>().FirstOrDefault(r => message.Contains($" needs {r} in ", StringComparison.Ordinal));

    /// <summary>
    /// A4, accounts: of the candidates, those the actor may see. Admin and Staff see every account
    /// with an effective role in an organization where they are Admin or Staff (memberships in that
    /// subtree or in its ancestors); a User sees only itself.
    /// </summary>
    public static async Task<IReadOnlySet<string>> VisibleAccountsAsync(AppDbContext db, ActorView view,
        IEnumerable<string> candidateIds, CancellationToken ct = default) =>
        (await VisibleAccountsAsync(db, view, candidateIds, [], ct)).Visible;

    /// <summary>
    /// A4 for the candidates and for the accounts that have these normalized emails now, with those
    /// accounts by email: one statement, where reading the emails' accounts first took two.
    /// </summary>
    public static async Task<(IReadOnlySet<string> Visible, Dictionary<string, string> AccountByEmail)> VisibleAccountsAsync(
        AppDbContext db, ActorView view, IEnumerable<string> candidateIds, IReadOnlyCollection<string> normalizedEmails,
        CancellationToken ct = default)
    {
        var candidates = candidateIds.Distinct().ToList();
        var accountByEmail = new Dictionary<string, string>(StringComparer.Ordinal);
        var managed = view.ManagedSubtrees;
        if (managed.Count == 0 && normalizedEmails.Count > 0)
            // A User sees only itself, so of the named accounts only whether one is its own matters.
            accountByEmail = (await AccountsByEmailAsync(db, normalizedEmails, ct)).ToDictionary(a => a.Email, a => a.Id, StringComparer.Ordinal);
        var visible = new HashSet<string>();
        if (managed.Count == 0 || candidates.Count + normalizedEmails.Count == 0)
            return (WithSelf(), accountByEmail);

        var ancestorIds = AccountVisibilitySql.AncestorIds(view);
        // The candidates, the ancestors and the emails as one array parameter each: an export asks
        // about every account of the fleet, far past SQLite's limit on parameters per statement.
        var arguments = new List<object> { RawStatement.Json(candidates), RawStatement.Json(ancestorIds), RawStatement.Json(normalizedEmails) };
        PathFilter.AddBounds(arguments, managed);
        // With emails, the candidates and the named accounts as one list: an OR of the two made PostgreSQL scan the memberships.
        var candidateAccount = normalizedEmails.Count == 0
            ? RawStatement.In(db, "m.\"AccountId\"", 0, integers: false)
            : db.IsPostgres
                ? "m.\"AccountId\" = ANY (ARRAY(SELECT json_array_elements_text({0}::json) UNION SELECT n.\"Id\" FROM named AS n))"
                : "m.\"AccountId\" IN (SELECT value FROM json_each({0}) UNION SELECT n.\"Id\" FROM named AS n)";
        var memberships = $"""
            SELECT NULL, m."AccountId", m."EndsAt" FROM "Memberships" AS m
            INNER JOIN "Organizations" AS o ON o."Id" = m."OrganizationId"
            WHERE {candidateAccount} AND {AccountVisibilitySql.MembershipShows(db, "m", "o", 1, managed.Count, 3)}
            """;
        // A named account's row has its email; a membership's has none.
        var sql = normalizedEmails.Count == 0 ? memberships : $"""
            WITH named AS ({AccountsByEmailSql(db, 2)})
            SELECT n."NormalizedEmail", n."Id", NULL FROM named AS n
            UNION ALL
            {memberships}
            """;
        var rows = await RawStatement.ListAsync(db, sql, [.. arguments],
            r => (Email: r.IsDBNull(0) ? null : r.GetString(0), AccountId: r.GetString(1), EndsAt: r.IsDBNull(2) ? (DateTime?)null : r.GetDateTime(2)), ct);
        // M8, as the membership query filter says it: a membership past its end gives no role from that moment.
        var now = db.Now;
        foreach (var row in rows)
        {
            if (row.Email is not null)
                accountByEmail[row.Email] = row.AccountId;
            else if (Membership.ActiveAt(row.EndsAt, now))
                visible.Add(row.AccountId);
        }
        return (WithSelf(), accountByEmail);

        // The actor always sees itself, as a candidate or named by an email.
        HashSet<string> WithSelf()
        {
            if (candidates.Contains(view.AccountId) || accountByEmail.ContainsValue(view.AccountId))
                visible.Add(view.AccountId);
            return visible;
        }
    }

    /// <summary>The accounts that have these normalized emails now, in one statement.</summary>
    private static Task<List<(string Email, string Id)>> AccountsByEmailAsync(AppDbContext db, IReadOnlyCollection<string> normalizedEmails,
        CancellationToken ct) =>
        RawStatement.ListAsync(db, AccountsByEmailSql(db, 0), [RawStatement.Json(normalizedEmails)], r => (r.GetString(0), r.GetString(1)), ct);

    private static string AccountsByEmailSql(AppDbContext db, int index) => $"""
        SELECT u."NormalizedEmail", u."Id" FROM "AspNetUsers" AS u
        WHERE {RawStatement.In(db, "u.\"NormalizedEmail\"", index, integers: false)}
        """;
}
