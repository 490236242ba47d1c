using DeviceConsole.Api.Contracts;
using System.Globalization;
using DeviceConsole.Components.Audit;
using DeviceConsole.Hosting;
using DeviceConsole.Services.Audit;

namespace DeviceConsole.Api;

/// <summary>The audit log (L3) with the page's filters: cursor pages, or the CSV of the same filter.</summary>
public static class AuditEndpoints
{
    public static void MapAudit(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit");

        group.MapGet("/", async (HttpContext http, int? limit, string? cursor, AuditQueries audit, ApiCursor cursors, CancellationToken ct) =>
            {
                var filter = Filter(http);
                return ApiJson.Ok(await cursors.CollectAuditAsync(cursor, ApiCursor.Limit(limit),
                    (position, size, next) => audit.GetPageAsync(new AuditPageRequest(filter, position, size, Cursor: next), ct),
                    AuditEntryResponse.From));
            })
            .WithName("QueryAudit").WithSummary("Audit entries in the view, newest first, in keyset pages; filters from, to, action, actor, organization, subtree, device.")
            .Produces<ApiPage<AuditEntryResponse>>();

        group.MapGet("/export", async (HttpContext http, AuditQueries audit, CancellationToken ct) =>
            {
                var rows = audit.ExportAsync(Filter(http), ct).GetAsyncEnumerator(ct);
                // The first step runs every check, so a refusal is answered as problem details before the file starts.
                var hasRow = await rows.MoveNextAsync();
                return Results.Stream(async body =>
                {
                    await using (rows)
                        await CsvDownload.WriteAsync(body, AuditCsv.Header, rows, hasRow, AuditCsv.WriteRowAsync, ct);
                }, CsvDownload.ContentType, CsvDownload.FileName("audit"));
            })
            .WithName("ExportAudit").WithSummary("The CSV of an audit filter (L3), streamed.").Produces(StatusCodes.Status200OK, contentType: "text/csv");
    }

    private static AuditFilter Filter(HttpContext http)
    {
        if (!AuditExportEndpoint.TryParse(http.Request.Query, out var filter))
            throw ApiRequestException.BadRequest("The audit filter is malformed: from and to are ISO 8601 times, organization an ID.");
        try
        {
            filter.Validate();
        }
        catch (Domain.DomainException e)
        {
            throw Domain.DomainException.Invalid(e.Message);
        }
        return filter;
    }
}
