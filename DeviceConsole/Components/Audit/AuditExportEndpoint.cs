using System.Globalization;
using System.Text;
using DeviceConsole.Domain;
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
            await PlainAsync(context, StatusCodes.Status400BadRequest, "The export filter is malformed.");
            return;
        }

        try
        {
            filter.Validate();
        }
        catch (DomainException e)
        {
            await PlainAsync(context, StatusCodes.Status400BadRequest, e.Message);
            return;
        }

        await using var rows = audit.ExportAsync(filter, ct).GetAsyncEnumerator(ct);
        bool hasRow;
        try
        {
            // The first step runs every check, so a refusal is answered before the file starts.
            hasRow = await rows.MoveNextAsync();
        }
        catch (NotFoundException e)
        {
            await PlainAsync(context, StatusCodes.Status404NotFound, e.Message);
            return;
        }
        catch (DomainException e)
        {
            await PlainAsync(context, StatusCodes.Status403Forbidden, e.Message);
            return;
        }

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv\"";
        // A byte order mark, so spreadsheets read the names as UTF-8.
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024);
        await AuditCsv.WriteHeaderAsync(writer);
        var written = 0;
        while (hasRow)
        {
            await AuditCsv.WriteRowAsync(writer, rows.Current);
            // Flushed every few hundred rows, so the download starts at once and the buffer stays small.
            if (++written % 500 == 0)
                await writer.FlushAsync(ct);
            hasRow = await rows.MoveNextAsync();
        }
        await writer.FlushAsync(ct);
    }

    private static async Task PlainAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted);
    }
}
