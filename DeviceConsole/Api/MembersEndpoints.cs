using DeviceConsole.Api.Contracts;
using DeviceConsole.Hosting;
using DeviceConsole.Services.Members;

namespace DeviceConsole.Api;

/// <summary>Members and invitations (M1–M8): list, invite, change role, set an end date, remove, revoke, resend.</summary>
public static class MembersEndpoints
{
    public static void MapMembers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Members");

        group.MapGet("/organizations/{id:int}/members", async (int id, MembershipService members, CancellationToken ct) =>
                ApiJson.Ok(MembersResponse.From(await members.GetAsync(id, ct))))
            .WithName("ListMembers").WithSummary("Direct and inherited members and pending invitations (A4).").Produces<MembersResponse>();

        // Links in the emails come from the configured public origin, never from the request's Host (link poisoning).
        group.MapPost("/organizations/{id:int}/invitations", async (int id, HttpContext http, InvitationService invitations, PublicOrigin origin,
                CancellationToken ct) =>
            {
                var body = await ApiJson.ReadAsync<InviteBody>(http);
                var sent = await invitations.InviteAsync(id, body.Email, body.Role, origin.BaseUrl, body.MembershipEndsAt, ct);
                return ApiJson.Ok(InvitationSentResponse.From(sent), sent.Resent ? StatusCodes.Status200OK : StatusCodes.Status201Created);
            })
            .WithName("Invite").WithSummary("Invites an email with a role (M1–M3); the same answer whether or not it has an account.")
            .Accepts<InviteBody>("application/json").Produces<InvitationSentResponse>(StatusCodes.Status201Created);

        group.MapPost("/invitations/{id:int}/resend", async (int id, InvitationService invitations, PublicOrigin origin, CancellationToken ct) =>
                ApiJson.Ok(InvitationSentResponse.From(await invitations.ResendAsync(id, origin.BaseUrl, ct))))
            .WithName("ResendInvitation").Produces<InvitationSentResponse>();

        group.MapDelete("/invitations/{id:int}", async (int id, InvitationService invitations, CancellationToken ct) =>
            {
                await invitations.RevokeAsync(id, ct);
                return Results.NoContent();
            })
            .WithName("RevokeInvitation").Produces(StatusCodes.Status204NoContent);

        group.MapPatch("/memberships/{id:int}", async (int id, HttpContext http, MembershipService members, CancellationToken ct) =>
            {
                var body = await ApiJson.ReadAsync<ChangeRoleBody>(http);
                return ApiJson.Ok(MemberChangeResponse.From(await members.ChangeRoleAsync(id, body.Role, ct)));
            })
            .WithName("ChangeRole").Accepts<ChangeRoleBody>("application/json").Produces<MemberChangeResponse>();

        group.MapPut("/memberships/{id:int}/end", async (int id, HttpContext http, MembershipEnds ends, CancellationToken ct) =>
            {
                var body = await ApiJson.ReadAsync<MembershipEndBody>(http);
                return ApiJson.Ok(MemberChangeResponse.From(await ends.SetEndAsync(id, body.EndsAt, body.NewOwnerId, ct)));
            })
            .WithName("SetMembershipEnd").WithSummary("Sets, moves or clears when a membership ends (M8); devices it would strand need newOwnerId (M6).")
            .Accepts<MembershipEndBody>("application/json").Produces<MemberChangeResponse>();

        group.MapDelete("/memberships/{id:int}", async (int id, bool? dryRun, string? newOwnerId, MembershipService members, CancellationToken ct) =>
                dryRun == true ? ApiJson.Ok(RemovalPreviewResponse.From(await members.PreviewRemovalAsync(id, ct)))
                    : ApiJson.Ok(MemberChangeResponse.From(await members.RemoveAsync(id, newOwnerId, ct))))
            .WithName("RemoveMember").WithSummary("Removes a membership; devices it would strand need newOwnerId (M6); dryRun=true previews.")
            .Produces<MemberChangeResponse>().Produces<RemovalPreviewResponse>();
    }
}
