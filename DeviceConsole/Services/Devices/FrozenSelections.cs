using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Devices;

/// <summary>
/// D8 and G2: a bulk action on "every device of this filter" works on the devices that match now,
/// frozen as IDs and concurrency tokens; devices that match later are not included, and one changed
/// meanwhile fails by its token (D9) instead of being changed unseen.
/// </summary>
public sealed class FrozenSelections(AccessService access)
{
    /// <param name="nothingChosen">The refusal when there is no list to resolve ("Choose at least one device to tag.").</param>
    /// <param name="limit">How the action states its ceiling: "a transfer moves at most 10,000".</param>
    public async Task<IReadOnlyList<DeviceToken>> ResolveAsync(AppDbContext db, ActorView view, int? listOrganizationId,
        DeviceListRequest? filter, int max, string nothingChosen, string limit, CancellationToken ct)
    {
        if (listOrganizationId is not { } listId || filter is null)
            throw new DomainException(nothingChosen);
        var organization = await access.RequireVisibleAsync(db, view, listId, ct);
        var tokens = await DeviceQueries.Matching(db, view, organization.Path, filter)
            .OrderBy(d => d.Id)
            .Select(d => new DeviceToken(d.Id, d.Version))
            .Take(max + 1)
            .ToListAsync(ct);
        if (tokens.Count > max)
            throw new DomainException($"More than {max:N0} devices match this filter; {limit}. Narrow the filter.");
        return tokens;
    }
}
