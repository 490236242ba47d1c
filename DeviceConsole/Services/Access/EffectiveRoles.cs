using DeviceConsole.Domain;

namespace DeviceConsole.Services.Access;

/// <summary>
/// The A1 kernel: of the memberships that reach one organization (held there or in an ancestor),
/// the one that gives the effective role is the highest role, and on a tie the nearest one
/// (A7 names it). Every place that picks "the" membership behind a role asks here.
/// </summary>
public static class EffectiveRoles
{
    /// <param name="nearness">Larger is nearer the organization (the depth of the membership's organization).</param>
    public static T? Best<T>(IEnumerable<T> memberships, Func<T, Role> role, Func<T, int> nearness) =>
        memberships.OrderByDescending(role).ThenByDescending(nearness).FirstOrDefault();
}
