using DeviceConsole.Api.Contracts;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Organizations;

namespace DeviceConsole.Api;

/// <summary>Organizations in the token's scope (T2): the tree, create, rename, move with dryRun (O3), delete.</summary>
public static class OrganizationsEndpoints
{
    public static void MapOrganizations(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/organizations").WithTags("Organizations");

        group.MapGet("/", async (OrganizationQueries queries, CancellationToken ct) => ApiJson.Ok((await queries.GetSwitcherAsync(ct)).Select(OrganizationInScope.From).ToList()))
            .WithName("ListOrganizations").WithSummary("The organizations where the token acts, as a forest (A5).")
            .Produces<IReadOnlyList<OrganizationInScope>>();

        group.MapGet("/{id:int}", async (int id, OrganizationQueries queries, CancellationToken ct) => ApiJson.Ok(OrganizationResponse.From(await queries.GetAsync(id, ct))))
            .WithName("GetOrganization").Produces<OrganizationResponse>();

        group.MapGet("/{id:int}/subtree", async (int id, OrganizationQueries queries, CancellationToken ct) =>
                ApiJson.Ok((await queries.GetSubtreeAsync(id, ct)).Select(OrganizationTreeNode.From).ToList()))
            .WithName("GetOrganizationSubtree").WithSummary("The organization and its sub-organizations with counts in the view (A4).")
            .Produces<IReadOnlyList<OrganizationTreeNode>>();

        group.MapPost("/", async (HttpContext http, OrganizationCommands commands, CancellationToken ct) =>
            {
                var body = await ApiJson.ReadAsync<CreateOrganizationBody>(http);
                var created = OrganizationResponse.From((await commands.CreateAsync(new CreateOrganizationRequest(body.ParentId, body.Name), ct)).Organization);
                http.Response.Headers.Location = $"{ApiRegistration.Prefix}/organizations/{created.Id}";
                return ApiJson.Ok(created, StatusCodes.Status201Created);
            })
            .WithName("CreateOrganization").Accepts<CreateOrganizationBody>("application/json").Produces<OrganizationResponse>(StatusCodes.Status201Created);

        group.MapPatch("/{id:int}", async (int id, HttpContext http, OrganizationCommands commands, CancellationToken ct) =>
            {
                var body = await ApiJson.ReadAsync<RenameOrganizationBody>(http);
                return ApiJson.Ok(OrganizationResponse.From((await commands.RenameAsync(new RenameOrganizationRequest(id, body.Name), ct)).Organization));
            })
            .WithName("RenameOrganization").Accepts<RenameOrganizationBody>("application/json").Produces<OrganizationResponse>();

        group.MapPost("/{id:int}/move", async (int id, bool? dryRun, HttpContext http, OrganizationMoves moves, CancellationToken ct) =>
            {
                var body = await ApiJson.ReadAsync<MoveOrganizationBody>(http);
                var request = new MoveOrganizationRequest(id, body.NewParentId, body.NewOwnerId);
                if (dryRun == true)
                    return ApiJson.Ok(MoveResponse.From(await moves.PreviewMoveAsync(request, ct)));
                var moved = await moves.MoveAsync(request, ct);
                return ApiJson.Ok(MoveResponse.From(moved.Move, moved.Message));
            })
            .WithName("MoveOrganization").WithSummary("Moves an organization under a new parent; dryRun=true returns the preview only (O3).")
            .Accepts<MoveOrganizationBody>("application/json").Produces<MoveResponse>();

        group.MapDelete("/{id:int}", async (int id, OrganizationCommands commands, CancellationToken ct) =>
            {
                await commands.DeleteAsync(id, ct);
                return Results.NoContent();
            })
            .WithName("DeleteOrganization").Produces(StatusCodes.Status204NoContent);
    }
}
