using System.Net;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Api;

public sealed class ApiAuthenticationTests(ApiFactory factory) : ApiTestBase(factory)
{
    private const string Devices = "/api/v1/organizations/{0}/devices?limit=1";

    private async Task<string> DevicesUrlAsync(string organization = "Client A") => string.Format(Devices, await App.OrganizationIdAsync(organization));

    [Fact, Trait("Rule", "T3")]
    public async Task UnknownMalformedExpiredAndRevokedTokens_Get401_WithTheSameBody()
    {
        var expired = await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "expired", days: -1);
        var revoked = await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "revoked");
        await using (var db = App.NewDbContext())
        {
            var token = await db.AccessTokens.SingleAsync(t => t.Name == "revoked");
            token.Revoke(DateTime.UtcNow);
            await db.SaveChangesAsync();
        }
        var url = await DevicesUrlAsync();

        var bodies = new List<string>();
        foreach (var token in new[] { expired, revoked, "dcpat_" + new string('A', 43), "not-a-token", "" })
        {
            var client = App.Client();
            if (token.Length > 0)
                client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);
            var response = await client.GetAsync(url);
            var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("T3", Rule(problem));
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }
        Assert.Single(bodies.Distinct());
    }

    [Fact, Trait("Rule", "T3")]
    public async Task ATokenWhoseAccountLostItsRole_LosesAccessOnTheNextCall()
    {
        await using (var db = App.NewDbContext())
        {
            db.Users.Add(new Data.ApplicationUser { UserName = "leaver@example.com", Email = "leaver@example.com", NormalizedEmail = "LEAVER@EXAMPLE.COM", NormalizedUserName = "LEAVER@EXAMPLE.COM", EmailConfirmed = true });
            await db.SaveChangesAsync();
        }
        string accountId;
        await using (var db = App.NewDbContext())
        {
            accountId = await db.Users.Where(u => u.Email == "leaver@example.com").Select(u => u.Id).SingleAsync();
            db.Memberships.Add(Membership.Create(accountId, await App.OrganizationIdAsync("Client B"), Role.Staff, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        var client = App.Client(await App.TokenAsync("leaver@example.com", "Client B", Role.Staff));
        var url = await DevicesUrlAsync("Client B");
        await OkAsync(await client.GetAsync(url));

        await using (var db = App.NewDbContext())
            await db.Memberships.Where(m => m.AccountId == accountId).ExecuteDeleteAsync();

        await ProblemAsync(await client.GetAsync(url), HttpStatusCode.Unauthorized);
    }

    [Theory, Trait("Rule", "T5")]
    [InlineData("access_token={0}")]
    [InlineData("search={0}")]
    public async Task ATokenInTheQueryString_IsRefused_EvenWithAValidHeader(string query)
    {
        var token = await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "in-url-" + query.Length);
        var url = await DevicesUrlAsync() + "&" + string.Format(query, token);

        var problem = await ProblemAsync(await App.Client(token).GetAsync(url), HttpStatusCode.BadRequest);
        Assert.Equal("T5", Rule(problem));
        Assert.Contains("Authorization header", Detail(problem));
        await ProblemAsync(await App.Client().GetAsync(url), HttpStatusCode.BadRequest);
    }

    [Fact, Trait("Rule", "T5")]
    public async Task EachCall_LogsOneLineWithTheTokensNameAndPrefix_NeverTheToken()
    {
        var token = await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "log-check");

        await OkAsync(await App.Client(token).GetAsync(await DevicesUrlAsync()));

        var lines = App.Logs.Entries.Where(e => e.Message.Contains("log-check")).ToList();
        var line = Assert.Single(lines);
        Assert.Contains(token[..12], line.Message);
        Assert.Contains("answered 200", line.Message);
        Assert.DoesNotContain(App.Logs.Entries, e => e.Message.Contains(token));
    }

    [Fact]
    public async Task AnUnauthenticatedPost_Gets401_AndATokensPostNeedsNoAntiforgery()
    {
        var anonymous = await App.Client().PostAsync("/api/v1/organizations", Body(new { parentId = 1, name = "X" }));
        await ProblemAsync(anonymous, HttpStatusCode.Unauthorized);

        var token = await App.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "no-antiforgery");
        var created = await App.Client(token).PostAsync("/api/v1/organizations",
            Body(new { parentId = await App.OrganizationIdAsync("Client A"), name = "Made by script" }));
        await OkAsync(created, HttpStatusCode.Created);
    }
}
