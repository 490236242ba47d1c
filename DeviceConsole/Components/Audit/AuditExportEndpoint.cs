using System.Globalization;
using DeviceConsole.Domain;
using DeviceConsole.Hosting;
using DeviceConsole.Services.Audit;
using Microsoft.AspNetCore.Components.Authorization;

namespace DeviceConsole.Components.Audit;

/// <summary>
/// GET /audit/export: the CSV of an audit filter (L3), streamed row by row as the database
/// returns them. The query string is the one <see cref="Url"/> builds.
/// </summary>
public static class AuditExportEndpoint
{
    public const string Path = "/audit/export";

    public static IEndpointConventionBuilder MapAuditExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, ExportAsync).RequireAuthorization();

    /// <summary>The export link for a filter, relative to the app's base.</summary>
    public static string Url(AuditFilter filter)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        Add("from", filter.FromUtc?.ToString("o", CultureInfo.InvariantCulture));
        Add("to", filter.ToUtc?.ToString("o", CultureInfo.InvariantCulture));
        Add("action", filter.Action);
        Add("actor", filter.Actor);
        Add("organization", filter.OrganizationId?.ToString(CultureInfo.InvariantCulture));
        if (filter.OrganizationId is not null)
            Add("subtree", filter.IncludeSubOrganizations ? "true" : "false");
        Add("device", filter.DeviceSerial);
        return Path.TrimStart('/') + (query.Count == 0 ? "" : "?" + string.Join("&", query));
    }

    public static bool TryParse(IQueryCollection query, out AuditFilter filter)
    {
        filter = new AuditFilter();
        if (!TryTime(query["from"], out var from) || !TryTime(query["to"], out var to))
            return false;
        int? organizationId = null;
        if (query["organization"].ToString() is { Length: > 0 } organization)
        {
            if (!int.TryParse(organization, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return false;
            organizationId = id;
        }
        var subtree = query["subtree"].ToString() is not { Length: > 0 } s || !bool.TryParse(s, out var b) || b;
        filter = new AuditFilter(from, to, Text(query["action"]), Text(query["actor"]), organizationId, subtree, Text(query["device"]));
        return true;

        static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }

    private static bool TryTime(string? text, out DateTime? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            return false;
        value = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
        return true;
    }

    private static async Task ExportAsync(HttpContext context, AuditQueries audit, AuthenticationStateProvider authentication)
    {
        // Services learn the actor through the authentication state, which only circuits set by themselves.
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));

        var ct = context.RequestAborted;
        if (!TryParse(context.Request.Query, out var filter))
        {
            await CsvDownload.PlainAsync(context, StatusCodes.Status400BadRequest, "The export filter is malformed.");
            return;
        }

        try
        {
            filter.Validate();
        }
        catch (DomainException e)
        {
            await CsvDownload.PlainAsync(context, StatusCodes.Status400BadRequest, e.Message);
            return;
        }

        // Audit entries hold names and emails: the same refusal answer as the audit page (403), never a cached copy.
        await CsvDownload.SendAsync(context, audit.ExportAsync(filter, ct), "audit", AuditCsv.Header, AuditCsv.WriteRowAsync,
            StatusCodes.Status403Forbidden);
    }
}
