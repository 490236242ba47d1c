using System.Globalization;
using DeviceConsole.Domain;
using DeviceConsole.Hosting;
using DeviceConsole.Services.Devices;
using Microsoft.AspNetCore.Components.Authorization;

namespace DeviceConsole.Components.Devices;

/// <summary>
/// GET /devices/export: the CSV of the device grid's current set (A6), streamed row by row as the
/// database returns them. The query string is the one <see cref="Url"/> builds from the grid's request.
/// </summary>
public static class DeviceExportEndpoint
{
    public const string Path = "/devices/export";

    public static IEndpointConventionBuilder MapDeviceExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, ExportAsync).RequireAuthorization();

    /// <summary>The export link for the grid's filters and sort, relative to the app's base.</summary>
    public static string Url(int organizationId, DeviceListRequest request)
    {
        var query = new List<string> { $"organization={organizationId.ToString(CultureInfo.InvariantCulture)}" };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        Add("subtree", request.IncludeSubOrganizations ? "true" : "false");
        Add("search", request.Search);
        Add("status", request.Status?.ToString());
        foreach (var tag in request.Tags ?? [])
            Add("tag", tag);
        Add("sort", request.SortBy.ToString());
        if (request.Descending) Add("desc", "true");
        return Path.TrimStart('/') + "?" + string.Join("&", query);
    }

    public static bool TryParse(IQueryCollection query, out int organizationId, out DeviceListRequest request)
    {
        request = new DeviceListRequest();
        if (!int.TryParse(query["organization"], NumberStyles.None, CultureInfo.InvariantCulture, out organizationId))
            return false;
        DeviceStatus? status = null;
        if (query["status"].ToString() is { Length: > 0 } s)
        {
            if (!Enum.TryParse<DeviceStatus>(s, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return false;
            status = parsed;
        }
        var sort = DeviceSort.Name;
        if (query["sort"].ToString() is { Length: > 0 } so && (!Enum.TryParse(so, ignoreCase: true, out sort) || !Enum.IsDefined(sort)))
            return false;
        var subtree = query["subtree"].ToString() is not { Length: > 0 } st || !bool.TryParse(st, out var b) || b;
        var descending = bool.TryParse(query["desc"], out var d) && d;
        var search = query["search"].ToString();
        var tags = query["tag"].Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!).ToList();
        request = new DeviceListRequest(string.IsNullOrWhiteSpace(search) ? null : search, status, subtree, sort, descending, Tags: tags);
        return true;
    }

    private static async Task ExportAsync(HttpContext context, DeviceExport export, AuthenticationStateProvider authentication)
    {
        // Services learn the actor through the authentication state, which only circuits set by themselves.
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));

        var ct = context.RequestAborted;
        if (!TryParse(context.Request.Query, out var organizationId, out var request))
        {
            await CsvDownload.PlainAsync(context, StatusCodes.Status400BadRequest, "The export filter is malformed.");
            return;
        }

        await CsvDownload.SendAsync(context, export.ExportAsync(organizationId, request, ct), "devices", DeviceExport.Header,
            DeviceExport.WriteRowAsync, StatusCodes.Status400BadRequest);
    }
}
