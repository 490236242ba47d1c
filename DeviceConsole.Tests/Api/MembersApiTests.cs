using System.Net;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Api;

public sealed class MembersApiTests(ApiFactory factory) : ApiTestBase(factory)
{
    [Fact, Trait("Rule", "M1"), Trait("Rule", "M4")]
    public async Task ListInviteResendAndRevoke()
    {
        var client = App.Client(await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "members"));
        var organizationId = await App.OrganizationIdAsync("Client A");

        var members = await OkAsync(await client.GetAsync($"/api/v1/organizations/{organizationId}/members"));
        Assert.Contains(members.GetProperty("direct").EnumerateArray(), m => m.GetProperty("email").GetString() == "clienta.user@acme.example");

        var invited = await OkAsync(await PostAsync(client, $"/api/v1/organizations/{organizationId}/invitations", new { email = "new.hire@example.com", role = "Staff" }),
            HttpStatusCode.Created);
        Assert.False(invited.TryGetProperty("link", out _));
        var invitationId = invited.GetProperty("invitationId").GetInt32();

        var resent = await OkAsync(await client.PostAsync($"/api/v1/invitations/{invitationId}/resend", null));
        Assert.True(resent.GetProperty("resent").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/invitations/{invitationId}")).StatusCode);
        await using var db = App.NewDbContext();
        Assert.Equal(InvitationState.Revoked, await db.Invitations.Where(i => i.Id == invitationId).Select(i => i.State).SingleAsync());
    }

    [Fact, Trait("Rule", "M1"), Trait("Rule", "T2")]
    public async Task AStaffCeilingTokenOfAnAdmin_CannotInvite()
    {
        var client = App.Client(await App.TokenAsync("admin@acme.example", "Acme IoT", Role.Staff, "staff-invite"));

        var problem = await ProblemAsync(await PostAsync(client, $"/api/v1/organizations/{await App.OrganizationIdAsync("Client A")}/invitations",
            new { email = "someone@example.com", role = "User" }), HttpStatusCode.Forbidden);

        Assert.Equal("Inviting needs Admin in Client A.", Detail(problem));
        Assert.Equal("M1", Rule(problem));
    }

    [Fact, Trait("Rule", "M6")]
    public async Task ChangeRoleAndRemove_WithARemovalDryRun()
    {
        var client = App.Client(await App.TokenAsync("admin@acme.example", "Acme IoT", Role.Admin, "roles"));
        int membershipId;
        await using (var db = App.NewDbContext())
        {
            db.Users.Add(new Data.ApplicationUser { UserName = "temp@example.com", Email = "temp@example.com", NormalizedEmail = "TEMP@EXAMPLE.COM", NormalizedUserName = "TEMP@EXAMPLE.COM", EmailConfirmed = true });
            await db.SaveChangesAsync();
            var accountId = await db.Users.Where(u => u.Email == "temp@example.com").Select(u => u.Id).SingleAsync();
            var membership = Membership.Create(accountId, await App.OrganizationIdAsync("Client B"), Role.User, DateTime.UtcNow);
            db.Memberships.Add(membership);
            await db.SaveChangesAsync();
            membershipId = membership.Id;
        }

        var changed = await OkAsync(await client.PatchAsync($"/api/v1/memberships/{membershipId}", Body(new { role = "Staff" })));
        Assert.Contains("Staff", changed.GetProperty("message").GetString());
        var preview = await OkAsync(await client.DeleteAsync($"/api/v1/memberships/{membershipId}?dryRun=true"));
        Assert.Equal(0, preview.GetProperty("strandedDevices").GetArrayLength());
        await OkAsync(await client.DeleteAsync($"/api/v1/memberships/{membershipId}"));
        await ProblemAsync(await client.DeleteAsync($"/api/v1/memberships/{membershipId}"), HttpStatusCode.NotFound);
    }

    [Fact, Trait("Rule", "A4")]
    public async Task MembersOutsideTheView_AreNotFound_LikeMissingOnes()
    {
        var client = App.Client(await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "foreign"));
        await using var db = App.NewDbContext();
        var foreign = await db.Memberships.Where(m => m.Organization!.Name == "Globex").Select(m => m.Id).FirstAsync();

        var outside = await client.PatchAsync($"/api/v1/memberships/{foreign}", Body(new { role = "User" }));
        var missing = await client.PatchAsync("/api/v1/memberships/999999", Body(new { role = "User" }));

        await ProblemAsync(outside, HttpStatusCode.NotFound);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await outside.Content.ReadAsStringAsync());
    }

    [Fact, Trait("Rule", "M8")]
    public async Task AnInvitationAndAMembership_TakeAnEndDate_AndOneInThePastIsRefused()
    {
        var client = App.Client(await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "ends"));
        var organizationId = await App.OrganizationIdAsync("Client A");
        var end = new DateTime(2099, 1, 31, 0, 0, 0, DateTimeKind.Utc);

        var invited = await OkAsync(await PostAsync(client, $"/api/v1/organizations/{organizationId}/invitations",
            new { email = "contractor@example.com", role = "User", membershipEndsAt = end }), HttpStatusCode.Created);
        var past = await ProblemAsync(await PostAsync(client, $"/api/v1/organizations/{organizationId}/invitations",
            new { email = "late@example.com", role = "User", membershipEndsAt = DateTime.UtcNow.AddDays(-1) }), HttpStatusCode.Conflict);

        int membershipId;
        await using (var db = App.NewDbContext())
        {
            var invitationId = invited.GetProperty("invitationId").GetInt32();
            Assert.Equal(end, await db.Invitations.Where(i => i.Id == invitationId).Select(i => i.MembershipEndsAt).SingleAsync());
            Assert.False(await db.Invitations.AnyAsync(i => i.Email == "late@example.com"));
            db.Users.Add(new Data.ApplicationUser { UserName = "seasonal@example.com", Email = "seasonal@example.com", NormalizedEmail = "SEASONAL@EXAMPLE.COM", NormalizedUserName = "SEASONAL@EXAMPLE.COM", EmailConfirmed = true });
            await db.SaveChangesAsync();
            var accountId = await db.Users.Where(u => u.Email == "seasonal@example.com").Select(u => u.Id).SingleAsync();
            var membership = Membership.Create(accountId, organizationId, Role.User, DateTime.UtcNow);
            db.Memberships.Add(membership);
            await db.SaveChangesAsync();
            membershipId = membership.Id;
        }
        Assert.StartsWith("An end date must be in the future;", Detail(past));

        var set = await OkAsync(await client.PutAsync($"/api/v1/memberships/{membershipId}/end", Body(new { endsAt = end })));
        Assert.Equal("seasonal@example.com's membership of Client A ends on 2099-01-31 00:00 UTC.", set.GetProperty("message").GetString());
        var cleared = await OkAsync(await client.PutAsync($"/api/v1/memberships/{membershipId}/end", Body(new { endsAt = (DateTime?)null })));
        Assert.Equal("seasonal@example.com's membership of Client A has no end date.", cleared.GetProperty("message").GetString());
        await using var check = App.NewDbContext();
        Assert.Null(await check.Memberships.Where(m => m.Id == membershipId).Select(m => m.EndsAt).SingleAsync());
    }
}
