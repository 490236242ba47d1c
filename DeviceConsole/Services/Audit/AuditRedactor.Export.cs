using DeviceConsole.Domain;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// The export's way through L3: most exported entries hide nothing from the actor, and for those the
/// row is the stored text itself (details in their readable form) once a check over spans finds no
/// hidden organization and no hidden email, without the per-entry terms, regex matches and JSON nodes
/// that <see cref="Apply"/> builds. An entry that hides anything goes through <see cref="Apply"/>.
/// </summary>
internal sealed partial class AuditRedactor
{
    private readonly Dictionary<int, bool> _nameVisibleById = [];

    /// <summary>One entry from the lines of the export query that carry it, one per organization involved.</summary>
    public AuditExportRow ApplyToExport(IReadOnlyList<AuditExportLine> lines, ReadableJson json)
    {
        var e = lines[0];
        if (e.TargetType != AuditTargets.Invitation && PlacesVisible(lines)
            && !HidesEmail(e, e.ActorEmail) && !HidesEmail(e, e.TargetName) && !HidesEmail(e, e.Summary)
            && ReadableDetails(e, e.Before, json, out var before) && ReadableDetails(e, e.After, json, out var after))
        {
            var actor = e.ActorId is null || EmailVisible(e.ActorEmail, e.ActorId, e.ActorEmail, e.TargetType, e.TargetId, e.TargetName, NotAsked)
                ? e.ActorEmail : HiddenAccount;
            return new AuditExportRow(e.Id, e.At, actor, e.Action, e.TargetType, e.TargetId, e.TargetName, Where(lines), e.Summary, before, after);
        }
        var row = Apply(new AuditEntryData(e.Id, e.At, e.ActorId, e.ActorEmail, e.Action, e.TargetType, e.TargetId, e.TargetName,
            e.Summary, e.Before, e.After,
            lines.Where(l => l.Part is not null).Select(l => new AuditPlaceData(l.Part!, l.OrganizationId!.Value, l.Name!, l.Path!)).ToList()));
        return AuditExportRow.From(row);
    }

    // Only an invitation's email asks whether the actor manages the entry's organizations, and invitations take the full way.
    private static readonly Func<bool> NotAsked = static () => false;

    /// <summary>
    /// A page's entry the same way: the stored text when it hides nothing, else <see cref="Apply"/>.
    /// <c>AuditRedactionPathTests</c> holds the two ways equal for every entry and reader.
    /// </summary>
    public AuditRow ApplyToPage(AuditEntryData e, ReadableJson json)
    {
        var line = new AuditExportLine(e.Id, e.At, e.ActorId, e.ActorEmail, e.Action, e.TargetType, e.TargetId, e.TargetName,
            e.Summary, e.Before, e.After, null, null, null, null);
        if (e.TargetType != AuditTargets.Invitation && e.Organizations.TrueForAll(o => PlaceVisible(o.OrganizationId, o.Path))
            && !HidesEmail(line, e.ActorEmail) && !HidesEmail(line, e.TargetName) && !HidesEmail(line, e.Summary)
            && ReadableDetails(line, e.Before, json, out var before) && ReadableDetails(line, e.After, json, out var after))
        {
            var actor = e.ActorId is null || EmailVisible(e.ActorEmail, e.ActorId, e.ActorEmail, e.TargetType, e.TargetId, e.TargetName, NotAsked)
                ? e.ActorEmail : HiddenAccount;
            var places = e.Organizations.Select(o => new AuditPlace(o.Part, o.OrganizationId, o.Name)).ToList();
            return new AuditRow(e.Id, e.At, actor, e.Action, e.TargetType, e.TargetId, e.TargetName, e.Summary, places, before, after);
        }
        return Apply(e);
    }

    private bool PlacesVisible(IReadOnlyList<AuditExportLine> lines)
    {
        foreach (var line in lines)
            if (line.Part is not null && !PlaceVisible(line.OrganizationId!.Value, line.Path!))
                return false;
        return true;
    }

    // Judged where the organization is now, a deleted one by its stored path, as in Apply.
    private bool PlaceVisible(int id, string storedPath)
    {
        if (!_currentPaths.TryGetValue(id, out var path))
            return _view.SeesOrganizationName(storedPath);
        if (!_nameVisibleById.TryGetValue(id, out var visible))
            _nameVisibleById[id] = visible = _view.SeesOrganizationName(path);
        return visible;
    }

    private bool HidesEmail(in AuditExportLine e, ReadOnlySpan<char> text)
    {
        if (!text.Contains('@')) return false;
        foreach (var match in EmailPattern().EnumerateMatches(text))
            if (!EmailVisible(text.Slice(match.Index, match.Length), e.ActorId, e.ActorEmail, e.TargetType, e.TargetId, e.TargetName, NotAsked))
                return true;
        return false;
    }

    /// <summary>The details as the page shows them, when they are a JSON document and every email in them is visible.</summary>
    private bool ReadableDetails(in AuditExportLine e, string? details, ReadableJson json, out string? readable)
    {
        readable = details;
        if (details is null) return true;
        if (!json.TryRewrite(details, out var rewritten)) return false;
        readable = rewritten;
        return !HidesEmail(e, json.EmailTexts);
    }

    /// <summary>The "Where" column of visible organizations; one organization is its name, as <see cref="AuditPlace.Describe"/> says.</summary>
    private static string Where(IReadOnlyList<AuditExportLine> lines) => lines.Count switch
    {
        1 => lines[0].Name ?? "",
        _ => AuditPlace.Describe(lines.Where(l => l.Part is not null).Select(l => new AuditPlace(l.Part!, l.OrganizationId, l.Name!)).ToList()),
    };
}
