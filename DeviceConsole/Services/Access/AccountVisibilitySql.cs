using DeviceConsole.Data;
using DeviceConsole.Data.Sql;
using DeviceConsole.Domain;

namespace DeviceConsole.Services.Access;

/// <summary>
/// A4 for accounts, as SQL: an account is visible to Admin and Staff through a membership in a subtree
/// they manage or in one of its ancestors. <see cref="AccessService.VisibleAccountsAsync(AppDbContext, ActorView, IEnumerable{string}, IReadOnlyCollection{string}, CancellationToken)"/>
/// reads such memberships for a list of accounts; a statement that judges its own rows' accounts
/// (a device's history, its entries' actors) asks <see cref="Visible"/> beside them instead of a
/// second command. Both take the same arguments, in the order <see cref="AddArguments"/> adds them.
/// </summary>
public static class AccountVisibilitySql
{
    /// <summary>The managed subtrees' roots and their ancestors: a membership in one shows its account (A4).</summary>
    public static List<int> AncestorIds(ActorView view) => view.ManagedSubtrees.SelectMany(OrganizationPath.Ids).Distinct().ToList();

    /// <summary>The ancestors' IDs, the moment memberships are judged at (M8), the actor itself, then each managed subtree's bounds.</summary>
    public static void AddArguments(List<object> arguments, ActorView view, DateTime now)
    {
        arguments.Add(RawStatement.Json(AncestorIds(view)));
        arguments.Add(now);
        arguments.Add(view.AccountId);
        PathFilter.AddBounds(arguments, view.ManagedSubtrees);
    }

    /// <summary>
    /// "Membership <paramref name="membership"/>, of organization <paramref name="organization"/>, shows its account to the
    /// actor": the ancestors' IDs are argument <paramref name="ancestorsIndex"/>, the subtrees' bounds start at <paramref name="firstBoundIndex"/>.
    /// </summary>
    public static string MembershipShows(AppDbContext db, string membership, string organization, int ancestorsIndex,
        int managedSubtrees, int firstBoundIndex) =>
        $"({RawStatement.In(db, $"{membership}.\"OrganizationId\"", ancestorsIndex, integers: true)} OR {PathFilter.InAnySubtreeSql($"{organization}.\"Path\"", managedSubtrees, firstBoundIndex)})";

    /// <summary>
    /// "The account in <paramref name="accountColumn"/> is the actor or has an active membership (M8) that shows it", with
    /// <see cref="AddArguments"/>' arguments from <paramref name="firstIndex"/> on.
    /// </summary>
    public static string Visible(AppDbContext db, string accountColumn, int managedSubtrees, int firstIndex) => $$"""
        ({{accountColumn}} = {{{firstIndex + 2}}} OR EXISTS (
            SELECT 1 FROM "Memberships" AS vm INNER JOIN "Organizations" AS vo ON vo."Id" = vm."OrganizationId"
            WHERE vm."AccountId" = {{accountColumn}} AND (vm."EndsAt" IS NULL OR vm."EndsAt" > {{{firstIndex + 1}}})
              AND {{MembershipShows(db, "vm", "vo", firstIndex, managedSubtrees, firstIndex + 3)}}))
        """;
}
