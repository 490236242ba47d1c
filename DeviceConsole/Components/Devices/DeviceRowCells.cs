using System.Net;
using System.Text;
using DeviceConsole.Components.Shared;
using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DeviceConsole.Components.Devices;

/// <summary>
/// What a device row shows beside its device's own text, worked out once per page rather than once per
/// render: the link, the status chip, the last-seen text and the tags. The status chip is one shared
/// markup string per status, so a row whose status stays the same sends nothing for it.
/// </summary>
public sealed record DeviceRowCells(string Href, MarkupString Status, string LastSeen, MarkupString Tags)
{
    // MudChip's own markup, in the colours StatusDisplay gives every status elsewhere.
    private static readonly Dictionary<DeviceStatus, MarkupString> StatusChips = Enum.GetValues<DeviceStatus>().ToDictionary(s => s,
        s => new MarkupString($"<span class=\"mud-chip mud-chip-filled mud-chip-size-small mud-chip-color-{StatusDisplay.Color(s).ToString().ToLowerInvariant()}\"><span class=\"mud-chip-content\">{s}</span></span>"));

    private static readonly MarkupString NoTags = new("");

    public static DeviceRowCells Of(DeviceRow row) =>
        new("devices/" + row.Id, StatusChips[row.Status], StatusDisplay.Time(row.LastSeenAt), TagChips(row.Tags));

    // Each tag HTML-encoded here, as Razor would encode it.
    private static MarkupString TagChips(IReadOnlyList<string>? tags)
    {
        if (tags is not { Count: > 0 }) return NoTags;
        var html = new StringBuilder(64 * tags.Count);
        foreach (var tag in tags)
            html.Append("<span class=\"device-tag\" data-testid=\"tag-chip\">").Append(WebUtility.HtmlEncode(tag)).Append("</span>");
        return new MarkupString(html.ToString());
    }
}
