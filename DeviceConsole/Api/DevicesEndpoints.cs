using DeviceConsole.Api.Contracts;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Devices;
using Microsoft.Net.Http.Headers;

namespace DeviceConsole.Api;

/// <summary>
/// Devices: the list of an organization with its subtree (A6) in cursor pages, one device with its
/// version as ETag, create, edit and delete with If-Match (D9), who has access (A7), history (D10).
/// </summary>
public static class DevicesEndpoints
{
    public static void MapDevices(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Devices");

        group.MapGet("/organizations/{id:int}/devices", async (int id, string? search, DeviceStatus? status, bool? subtree,
                DeviceListSort? sort, bool? descending, int? limit, string? cursor, DeviceQueries devices, CancellationToken ct) =>
            {
                var take = ApiCursor.Limit(limit);
                var filter = new DeviceListRequest(search, status, subtree ?? true, SortOf(sort), descending ?? false,
                    Cursor: string.IsNullOrEmpty(cursor) ? null : cursor);
                // Keyset pages of the service, chained by its sealed cursor: a deep page costs what the first one costs.
                var rows = new List<DeviceListItem>();
                var total = 0;
                while (rows.Count < take)
                {
                    var page = await devices.ListAsync(id, filter with { Take = Math.Min(DeviceListRequest.MaxPageSize, take - rows.Count) }, ct);
                    rows.AddRange(page.Rows.Select(DeviceListItem.From));
                    total = page.Total;
                    filter = filter with { Cursor = page.NextCursor };
                    if (page.NextCursor is null)
                        break;
                }
                return ApiJson.Ok(new ApiPage<DeviceListItem>(rows, total, filter.Cursor));
            })
            .WithName("ListDevices").WithSummary("Devices of the organization and, unless subtree=false, its sub-organizations (A6), in keyset pages.")
            .Produces<ApiPage<DeviceListItem>>();

        group.MapGet("/devices/{id:int}", async (int id, HttpContext http, DeviceQueries devices, CancellationToken ct) =>
            {
                var device = await devices.GetAsync(id, ct);
                http.Response.Headers.ETag = ETag(device.Version);
                return ApiJson.Ok(DeviceResponse.From(device));
            })
            .WithName("GetDevice").WithSummary("One device; its ETag is the version to send as If-Match (D9).").Produces<DeviceResponse>();

        group.MapGet("/devices/{id:int}/access", async (int id, DeviceQueries devices, CancellationToken ct) =>
                ApiJson.Ok((await devices.GetAccessAsync(id, ct)).Select(DeviceAccessResponse.From).ToList()))
            .WithName("GetDeviceAccess").WithSummary("Who has access to the device and why (A7); Admin and Staff only.")
            .Produces<IReadOnlyList<DeviceAccessResponse>>();

        group.MapGet("/devices/{id:int}/history", async (int id, int? limit, string? cursor, AuditQueries audit, ApiCursor cursors,
                CancellationToken ct) =>
                ApiJson.Ok(await cursors.CollectAuditAsync(cursor, ApiCursor.Limit(limit),
                    (position, size, next) => audit.GetDeviceHistoryAsync(id, position, size, next, ct), AuditEntryResponse.From)))
            .WithName("GetDeviceHistory").WithSummary("Every audit entry of the device, redacted to the view (D10), in keyset pages.")
            .Produces<ApiPage<AuditEntryResponse>>();

        group.MapPost("/organizations/{id:int}/devices", async (int id, HttpContext http, DeviceCommands commands, DeviceQueries devices,
                CancellationToken ct) =>
            {
                var body = await ApiJson.ReadAsync<DeviceBody>(http);
                var deviceId = (await commands.CreateAsync(id, new DeviceDraft(body.Name, body.SerialNumber, body.Status), body.OwnerId, ct)).DeviceId;
                var device = await devices.GetAsync(deviceId, ct);
                http.Response.Headers.Location = $"{ApiRegistration.Prefix}/devices/{deviceId}";
                http.Response.Headers.ETag = ETag(device.Version);
                return ApiJson.Ok(DeviceResponse.From(device), StatusCodes.Status201Created);
            })
            .WithName("CreateDevice").Accepts<DeviceBody>("application/json").Produces<DeviceResponse>(StatusCodes.Status201Created);

        group.MapPut("/devices/{id:int}", async (int id, HttpContext http, DeviceCommands commands, DeviceQueries devices, CancellationToken ct) =>
            {
                var version = IfMatch(http);
                var body = await ApiJson.ReadAsync<DeviceBody>(http);
                if (body.OwnerId is not null)
                    throw DomainException.Invalid("Editing changes name, serial number and status only; change the owner with a transfer (D2).");
                await commands.EditAsync(new DeviceToken(id, version), new DeviceDraft(body.Name, body.SerialNumber, body.Status), ct);
                var device = await devices.GetAsync(id, ct);
                http.Response.Headers.ETag = ETag(device.Version);
                return ApiJson.Ok(DeviceResponse.From(device));
            })
            .WithName("EditDevice").WithSummary("Edits name, serial and status; If-Match must carry the device's ETag (D9).")
            .Accepts<DeviceBody>("application/json").Produces<DeviceResponse>();

        group.MapDelete("/devices/{id:int}", async (int id, HttpContext http, DeviceCommands commands, CancellationToken ct) =>
            {
                await commands.DeleteAsync(new DeviceToken(id, IfMatch(http)), ct);
                return Results.NoContent();
            })
            .WithName("DeleteDevice").WithSummary("Deletes the device; If-Match must carry its ETag (D9).").Produces(StatusCodes.Status204NoContent);
    }

    private static DeviceSort SortOf(DeviceListSort? sort) => sort switch
    {
        DeviceListSort.SerialNumber => DeviceSort.SerialNumber,
        DeviceListSort.Status => DeviceSort.Status,
        _ => DeviceSort.Name,
    };

    public static string ETag(Guid version) => $"\"{version:N}\"";

    /// <summary>D9: a change names the version it was based on; without one the API cannot tell a stale edit.</summary>
    private static Guid IfMatch(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (header.Length == 0)
            throw new ApiRequestException(StatusCodes.Status428PreconditionRequired,
                "Send If-Match with the device's ETag from GET /devices/{id}, so a change made since is not overwritten.");
        if (!EntityTagHeaderValue.TryParse(header, out var tag) || tag.IsWeak
            || !Guid.TryParseExact(tag.Tag.ToString().Trim('"'), "N", out var version))
            throw ApiRequestException.BadRequest("If-Match must be one ETag exactly as GET /devices/{id} returned it.");
        return version;
    }
}
