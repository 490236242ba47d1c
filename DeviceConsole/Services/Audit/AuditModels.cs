using System.Text.Json;
using System.Text.Json.Nodes;
using DeviceConsole.Domain;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// What the audit log is narrowed to (L3). Times are UTC and the range is half-open: entries
/// at or after <see cref="FromUtc"/> and before <see cref="ToUtc"/>.
/// </summary>
public sealed record AuditFilter(
    DateTime? FromUtc = null,
    DateTime? ToUtc = null,
    string? Action = null,
    string? Actor = null,
    int? OrganizationId = null,
    bool IncludeSubOrganizations = true,
    string? DeviceSerial = null)
{
    /// <summary>An inverted range is a mistake worth naming, not a silent empty result.</summary>
    public void Validate()
    {
        if (FromUtc is { } from && ToUtc is { } to && to <= from)
            throw new DomainException("The time range ends before it starts: choose an end date on or after the start date.");
    }
}

/// <summary>
/// One page of the audit log, newest first unless asked otherwise; paged in SQL. With a
/// <see cref="Cursor"/> (the previous page's <see cref="AuditPage.NextCursor"/>) the page starts after
/// that page's last entry, so a page at any depth costs what the first costs; <see cref="Skip"/> then
/// only says where the page stands, for its total.
/// </summary>
public sealed record AuditPageRequest(AuditFilter Filter, int Skip = 0, int Take = 25, bool OldestFirst = false, string? Cursor = null)
{
    public const int MaxPageSize = 100;
}

/// <summary>An organization involved in an entry, its name redacted when outside the viewer's view.</summary>
public sealed record AuditPlace(string Part, int? OrganizationId, string Name)
{
    /// <summary>"Client A", or "from Client B to Client A" for a transfer or a move.</summary>
    public static string Describe(IReadOnlyList<AuditPlace> places)
    {
        var parts = places.ToList();
        var source = parts.FirstOrDefault(p => p.Part is AuditParts.Source);
        var destination = parts.FirstOrDefault(p => p.Part is AuditParts.Destination);
        if (source is not null && destination is not null && source.Name == destination.Name && source.OrganizationId == destination.OrganizationId)
            parts.Remove(destination);
        return string.Join(", ", parts.Select(p => p.Part switch
        {
            AuditParts.Source or AuditParts.OldParent when parts.Count > 1 => $"from {p.Name}",
            AuditParts.Destination or AuditParts.NewParent when parts.Count > 1 => $"to {p.Name}",
            _ => p.Name,
        }));
    }
}

/// <summary>One field of an entry's before/after details.</summary>
public sealed record AuditDetail(string Field, string? Before, string? After);

/// <summary>An audit entry as one viewer may read it (L3): names and emails outside the view are redacted.</summary>
public sealed record AuditRow(
    long Id,
    DateTime At,
    string Actor,
    string Action,
    string TargetType,
    string TargetId,
    string Target,
    string Summary,
    IReadOnlyList<AuditPlace> Organizations,
    string? Before,
    string? After)
{
    /// <summary>"Client A", or "from Client B to Client A" for a transfer or a move.</summary>
    public string Where => AuditPlace.Describe(Organizations);

    /// <summary>Before and after side by side, one line per top-level field.</summary>
    public IReadOnlyList<AuditDetail> Details
    {
        get
        {
            var before = Fields(Before);
            var after = Fields(After);
            return before.Keys.Concat(after.Keys).Distinct()
                .Select(k => new AuditDetail(k, before.GetValueOrDefault(k), after.GetValueOrDefault(k)))
                .ToList();
        }
    }

    private static Dictionary<string, string?> Fields(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            if (JsonNode.Parse(json) is JsonObject obj)
                return obj.ToDictionary(p => p.Key, p => p.Value switch
                {
                    null => null,
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                    var other => other.ToJsonString(AuditRedactor.Readable),
                });
        }
        catch (JsonException)
        {
            // Not an object: shown as one value below.
        }
        return new() { ["Value"] = json };
    }
}

/// <summary>
/// A page of entries. <see cref="Total"/> is exact while at most <see cref="AuditQueries.TotalLookahead"/>
/// entries follow the page; beyond that it is a lower bound and <see cref="TotalIsLowerBound"/> is set
/// ("more than 10,025"), so no page counts every visible entry of a large log.
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total, string? NextCursor = null, bool TotalIsLowerBound = false);

/// <summary>One exported entry as its CSV columns, redacted exactly as the page's <see cref="AuditRow"/> (L3).</summary>
public readonly record struct AuditExportRow(long Id, DateTime At, string Actor, string Action, string TargetType, string TargetId,
    string Target, string Where, string Summary, string? Before, string? After)
{
    internal static AuditExportRow From(AuditRow row) =>
        new(row.Id, row.At, row.Actor, row.Action, row.TargetType, row.TargetId, row.Target, row.Where, row.Summary, row.Before, row.After);
}

/// <summary>
/// One row of the export query: an entry's columns beside one organization it involves (none when
/// it involves none), so the stream reads values, not an entry with a list of organizations.
/// </summary>
internal readonly record struct AuditExportLine(long Id, DateTime At, string? ActorId, string ActorEmail, string Action,
    string TargetType, string TargetId, string TargetName, string Summary, string? Before, string? After,
    string? Part, int? OrganizationId, string? Name, string? Path);

/// <summary>An audit entry as stored, read for one page or one export batch.</summary>
internal sealed record AuditEntryData(long Id, DateTime At, string? ActorId, string ActorEmail, string Action,
    string TargetType, string TargetId, string TargetName, string Summary, string? Before, string? After,
    List<AuditPlaceData> Organizations);

internal sealed record AuditPlaceData(string Part, int OrganizationId, string Name, string Path);

/// <summary>One device changing hands: where and whose it was, where and whose it is, and the token it had and has (D9).</summary>
public sealed record DeviceHandover(int DeviceId, string DeviceName, Organization From, Organization To,
    string FromOwner, string ToOwner, Guid VersionBefore, Guid VersionAfter);
