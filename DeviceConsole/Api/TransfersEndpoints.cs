using DeviceConsole.Api.Contracts;
using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;

namespace DeviceConsole.Api;

/// <summary>
/// Transfers of one device or many (D3–D9): <c>dryRun=true</c> answers exactly the console's preview
/// (D7), otherwise the transfer runs on the frozen set of devices and versions (D8). An
/// Idempotency-Key makes a retried POST answer the first result instead of transferring again.
/// </summary>
public static class TransfersEndpoints
{
    public static void MapTransfers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/transfers").WithTags("Transfers");

        group.MapPost("/", async (bool? dryRun, HttpContext http, TransferService transfers, Idempotency idempotency, CancellationToken ct) =>
            {
                var body = await ApiJson.ReadAsync<TransferBody>(http);
                if (dryRun == true)
                    return ApiJson.Ok(TransferPreviewResponse.From(await transfers.PreviewAsync(Selection(body), body.DestinationOrganizationId, body.NewOwnerEmail, ct)));

                if (body.Matching is not null || body.Devices is null)
                    throw DomainException.Invalid("A transfer names its devices with their versions (D8): send the \"tokens\" of a dry run as \"devices\".");
                return await idempotency.RunAsync(http, body, async () =>
                {
                    var request = new TransferRequest(Tokens(body.Devices), body.DestinationOrganizationId, body.NewOwnerEmail);
                    return (StatusCodes.Status200OK, TransferResponse.From(await transfers.TransferAsync(request, ct)));
                });
            })
            .WithName("Transfer").WithSummary("Transfers devices to an organization and/or a new owner; dryRun=true returns the preview (D7).")
            .Accepts<TransferBody>("application/json").Produces<TransferResponse>().Produces<TransferPreviewResponse>(StatusCodes.Status200OK);
    }

    private static TransferSelection Selection(TransferBody body)
    {
        if ((body.Devices is null) == (body.Matching is null))
            throw DomainException.Invalid("Name the devices either as \"devices\" (IDs and versions) or as a \"matching\" filter, not both.");
        if (body.Devices is not null)
            return new TransferSelection(Tokens(body.Devices));
        var m = body.Matching!;
        return TransferSelection.Matching(m.OrganizationId, new DeviceListRequest(m.Search, m.Status, m.IncludeSubOrganizations));
    }

    private static IReadOnlyList<DeviceToken> Tokens(IReadOnlyList<DeviceVersion> devices) =>
        devices.Select(d => new DeviceToken(d.DeviceId, d.Version)).ToList();
}
