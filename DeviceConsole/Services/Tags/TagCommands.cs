using DeviceConsole.Data;
using DeviceConsole.Data.Sql;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Tags;

/// <summary>
/// Adding and removing tags on a selection or on "all matching" (G1, G2). Preview and apply share
/// <see cref="PlanAsync"/>; applying is all-or-nothing like a bulk transfer (D8): the frozen tokens
/// are compared inside the write transaction, then one set-based insert and one set-based delete
/// change every device, with one audit entry per device (L1). Tags do not replace a device's
/// concurrency token: they are a set of their own rows, so two tag operations never overwrite each other.
/// </summary>
public sealed class TagCommands(Operations operations, AccessService access, AuditLog audit,
    DeviceConcurrency concurrency, FrozenSelections selections, IOptions<TagOptions> options)
{
    private sealed record Plan(IReadOnlyList<string> Add, IReadOnlyList<string> Remove, IReadOnlyList<TaggedDevice> Devices,
        IReadOnlyDictionary<int, IReadOnlyList<string>> Before, IReadOnlyDictionary<int, int> OrganizationOf);

    public async Task<TagPreview> PreviewAsync(TagSelection selection, IReadOnlyList<string> add, IReadOnlyList<string> remove,
        CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var (toAdd, toRemove) = ValidateTags(add, remove);
        var tokens = selection.Devices ?? await ResolveAsync(db, view, selection, ct);
        var plan = await PlanAsync(db, view, tokens, toAdd, toRemove, ct);
        return new TagPreview(plan.Add, plan.Remove, plan.Devices);
    }

    public async Task<TagResult> ApplyAsync(TagRequest request, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var (toAdd, toRemove) = ValidateTags(request.Add, request.Remove);
        var plan = await PlanAsync(db, view, request.Devices, toAdd, toRemove, ct);

        var failing = plan.Devices.Where(d => d.Outcome == TagOutcome.Fails).ToList();
        if (failing.Count > 0)
        {
            var refusal = plan.Devices.Count == 1 ? failing[0].Reason!
                : $"No tags were changed: {MessageText.Count(failing.Count, "device")} of {plan.Devices.Count} cannot be tagged. "
                  + string.Join(" ", failing.Take(20).Select(f => f.Reason)) + (failing.Count > 20 ? $" (and {failing.Count - 20} more)" : "");
            access.Refuse(view, failing[0].Rule ?? "G2", $"{MessageText.Count(plan.Devices.Count, "device")}", refusal);
            throw new TagRefusedException(refusal, failing);
        }

        var changing = plan.Devices.Where(d => d.Outcome == TagOutcome.Changes).ToList();
        var unchanged = plan.Devices.Count - changing.Count;
        if (changing.Count == 0)
            return new TagResult(0, unchanged, Nothing(plan));

        // Set-based: one delete and one insert whatever the number of devices.
        var ids = changing.Select(d => d.Id).ToList();
        var removeNormalized = plan.Remove.Select(DeviceTag.Normalize).ToList();
        if (removeNormalized.Count > 0)
            await db.DeviceTags.Where(t => ids.Contains(t.DeviceId) && removeNormalized.Contains(t.NormalizedName)).ExecuteDeleteAsync(ct);
        var additions = changing.SelectMany(d => d.Added.Select(t => new { DeviceId = d.Id, NormalizedName = DeviceTag.Normalize(t), Name = t })).ToList();
        if (additions.Count > 0)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(additions);
            await DeviceTagBulkSql.InsertAsync(db, json, ct);
        }

        var organizationIds = plan.OrganizationOf.Values.Distinct().ToList();
        var organizations = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var actor = view.AsActor();
        foreach (var device in changing)
            audit.DeviceTagsChanged(db, actor, device.Id, device.Name, organizations[plan.OrganizationOf[device.Id]],
                plan.Before[device.Id], device.Added, device.Removed);
        await AuditBulkWriter.SaveAddedAsync(db, ct);
        await op.CommitAsync(ct);

        var what = string.Join("; ", new[]
        {
            plan.Add.Count > 0 ? $"added {string.Join(", ", plan.Add)}" : null,
            plan.Remove.Count > 0 ? $"removed {string.Join(", ", plan.Remove)}" : null,
        }.OfType<string>());
        var message = changing.Count == 1 && plan.Devices.Count == 1
            ? $"{changing[0].Name}: {what}."
            : $"{MessageText.Count(changing.Count, "device")}: {what}{(unchanged > 0 ? $"; {unchanged} already as asked stayed unchanged" : "")}.";
        return new TagResult(changing.Count, unchanged, message);
    }

    /// <summary>G1: each tag valid, the two lists distinct ignoring case and not overlapping, at least one tag in all.</summary>
    public static (IReadOnlyList<string> Add, IReadOnlyList<string> Remove) ValidateTags(IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        var toAdd = add.Select(DeviceTag.Validate).DistinctBy(DeviceTag.Normalize).ToList();
        var toRemove = remove.Select(DeviceTag.Validate).DistinctBy(DeviceTag.Normalize).ToList();
        if (toAdd.Count == 0 && toRemove.Count == 0)
            throw new DomainException("Name at least one tag to add or remove.");
        if (toAdd.Count > DeviceTag.MaxPerDevice)
            throw new DomainException($"A device has at most {DeviceTag.MaxPerDevice} tags; this adds {toAdd.Count}.");
        var both = toAdd.Where(a => toRemove.Any(r => DeviceTag.Normalize(r) == DeviceTag.Normalize(a))).ToList();
        if (both.Count > 0)
            throw new DomainException($"{string.Join(", ", both)} cannot be added and removed at once.");
        return (toAdd, toRemove);
    }

    /// <summary>The one planning step of preview and apply: every check, per device, against the state now (A3).</summary>
    private async Task<Plan> PlanAsync(AppDbContext db, ActorView view, IReadOnlyList<DeviceToken> requested,
        IReadOnlyList<string> add, IReadOnlyList<string> remove, CancellationToken ct)
    {
        var tokens = requested.DistinctBy(t => t.DeviceId).ToList();
        var max = options.Value.MaxBulkDevices;
        if (tokens.Count == 0)
            throw new DomainException("Choose at least one device to tag.");
        if (tokens.Count > max)
            throw new DomainException($"Tags change on at most {max:N0} devices at once; this selection has {tokens.Count:N0}. Narrow it.");

        var ids = tokens.Select(t => t.DeviceId).ToList();
        var rows = await db.Devices.AsNoTracking()
            .Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Id, d.Name, d.OrganizationId, OrganizationName = d.Organization!.Name, OrganizationPath = d.Organization.Path, d.OwnerId, d.Version })
            .ToListAsync(ct);
        var visible = rows.Where(r => view.SeesDevice(r.OrganizationPath, r.OwnerId)).ToDictionary(r => r.Id);

        // A4: an ID never seen with that token is not found; one that changed out of view is D9.
        var gone = await concurrency.ExplainGoneAsync(db, tokens.Where(t => !visible.ContainsKey(t.DeviceId)).ToList(), ct);
        if (tokens.Any(t => !visible.ContainsKey(t.DeviceId) && !gone.ContainsKey(t.DeviceId)))
            throw new NotFoundException("device");

        var tokenOf = tokens.ToDictionary(t => t.DeviceId, t => t.Version);
        var stale = await concurrency.ExplainChangedAsync(db, view,
            visible.Values.Where(r => r.Version != tokenOf[r.Id]).Select(r => (r.Id, r.Name)).ToList(), ct);
        var visibleIds = visible.Keys.ToList();
        var existing = (await db.DeviceTags.AsNoTracking().Where(t => visibleIds.Contains(t.DeviceId))
                .Select(t => new { t.DeviceId, t.Name }).ToListAsync(ct))
            .GroupBy(t => t.DeviceId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase).ToList());

        var planned = new List<TaggedDevice>(tokens.Count);
        var before = new Dictionary<int, IReadOnlyList<string>>();
        foreach (var token in tokens)
        {
            if (!visible.TryGetValue(token.DeviceId, out var r))
            {
                var (goneName, goneReason) = gone[token.DeviceId];
                planned.Add(new TaggedDevice(token.DeviceId, goneName, token.Version, TagOutcome.Fails, [], [], goneReason, "D9"));
                continue;
            }
            var current = existing.GetValueOrDefault(r.Id) ?? [];
            before[r.Id] = current;
            var has = current.Select(DeviceTag.Normalize).ToHashSet();
            var added = add.Where(t => !has.Contains(DeviceTag.Normalize(t))).ToList();
            var removed = current.Where(t => remove.Any(x => DeviceTag.Normalize(x) == DeviceTag.Normalize(t))).ToList();
            TaggedDevice Planned(TagOutcome outcome, string? reason = null, string? rule = null) =>
                new(r.Id, r.Name, r.Version, outcome, outcome == TagOutcome.Changes ? added : [], outcome == TagOutcome.Changes ? removed : [], reason, rule);

            var count = current.Count - removed.Count + added.Count;
            // D9 comes first, as for transfers.
            if (stale.TryGetValue(r.Id, out var staleReason))
                planned.Add(Planned(TagOutcome.Fails, staleReason, "D9"));
            else if (!view.ManagesDevicesIn(r.OrganizationPath))
                planned.Add(Planned(TagOutcome.Fails, $"Tagging {r.Name} needs Staff in {r.OrganizationName}.", "G2"));
            else if (count > DeviceTag.MaxPerDevice)
                planned.Add(Planned(TagOutcome.Fails,
                    $"{r.Name} would have {count} tags; a device has at most {DeviceTag.MaxPerDevice}.", "G1"));
            else if (added.Count == 0 && removed.Count == 0)
                planned.Add(Planned(TagOutcome.Unchanged));
            else
                planned.Add(Planned(TagOutcome.Changes));
        }
        return new Plan(add, remove, planned, before, visible.Values.ToDictionary(r => r.Id, r => r.OrganizationId));
    }

    private async Task<IReadOnlyList<DeviceToken>> ResolveAsync(AppDbContext db, ActorView view, TagSelection selection, CancellationToken ct)
    {
        var max = options.Value.MaxBulkDevices;
        return await selections.ResolveAsync(db, view, selection.ListOrganizationId, selection.Filter, max,
            "Choose at least one device to tag.", $"tags change on at most {max:N0} at once", ct);
    }

    private static string Nothing(Plan plan) => plan.Devices.Count == 1
        ? $"{plan.Devices[0].Name} already has its tags as asked. Nothing was changed."
        : $"All {plan.Devices.Count} devices already have their tags as asked. Nothing was changed.";
}
