using Microsoft.JSInterop;

namespace DeviceConsole.Components.Shared;

/// <summary>
/// The viewer's time zone, asked of the browser once per circuit. Until it answers (and during
/// prerendering, or if it cannot), times are shown in UTC, labelled as such.
/// </summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    private Task<TimeZoneInfo>? _lookup;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Call after the first interactive render; later calls reuse the first answer.</summary>
    public Task<TimeZoneInfo> ResolveAsync() => _lookup ??= LookupAsync();

    private async Task<TimeZoneInfo> LookupAsync()
    {
        try
        {
            var module = await js.InvokeAsync<IJSObjectReference?>("import", "./js/time-zone.js");
            var id = module is null ? null : await module.InvokeAsync<string?>("timeZone");
            if (module is not null)
                await module.DisposeAsync();
            if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
                Zone = zone;
        }
        catch (Exception e) when (e is JSException or InvalidOperationException or TaskCanceledException or JSDisconnectedException)
        {
            // Prerendering or a lost connection: ask again next time, show UTC meanwhile.
            _lookup = null;
        }
        return Zone;
    }

    public string Label => Zone == TimeZoneInfo.Utc ? "UTC" : Zone.Id;

    /// <summary>A stored UTC time in the viewer's zone.</summary>
    public string Format(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone).ToString("yyyy-MM-dd HH:mm:ss");

    /// <summary>Midnight of a local date, in UTC: the bounds of a date-range filter.</summary>
    public DateTime StartOfDayUtc(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight skipped by a daylight-saving change falls back to the UTC date.
        return Zone.IsInvalidTime(local) ? DateTime.SpecifyKind(local, DateTimeKind.Utc) : TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }
}
