using DeviceConsole.Components.Shared;
using DeviceConsole.Services.Audit;

namespace DeviceConsole.Components.Audit;

/// <summary>The filter bar's state: dates are whole days in the viewer's time zone.</summary>
public sealed class AuditFilterModel
{
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string? Action { get; set; }
    public string? Actor { get; set; }
    public int? OrganizationId { get; set; }
    public bool IncludeSubOrganizations { get; set; } = true;
    public string? DeviceSerial { get; set; }

    /// <summary>From the start of the first day to the end of the last, both in the viewer's zone.</summary>
    public AuditFilter ToFilter(BrowserTimeZone zone) => new(
        From is { } from ? zone.StartOfDayUtc(from) : null,
        To is { } to ? zone.StartOfDayUtc(to.AddDays(1)) : null,
        Blank(Action), Blank(Actor), OrganizationId, IncludeSubOrganizations, Blank(DeviceSerial));

    public void Clear()
    {
        From = To = null;
        Action = Actor = DeviceSerial = null;
        OrganizationId = null;
        IncludeSubOrganizations = true;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
