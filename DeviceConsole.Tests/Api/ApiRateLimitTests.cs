using System.Net;
using DeviceConsole.Domain;

namespace DeviceConsole.Tests.Api;

/// <summary>An app whose tokens may send three requests a minute.</summary>
public sealed class RateLimitedApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Api:PermitLimit"] = "3",
        ["Api:WindowSeconds"] = "60",
    };
}

public sealed class ApiRateLimitTests(RateLimitedApiFactory factory) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task OverItsLimit_AToken_Gets429WithRetryAfter_WhileAnotherTokenIsServed()
    {
        var busy = factory.Client(await factory.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "busy"));
        var calm = factory.Client(await factory.TokenAsync("clienta.admin@acme.example", "Client A", Role.Admin, "calm"));

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
            answers.Add(await busy.GetAsync("/api/v1/organizations"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode).ToArray());
        var limited = answers[^1];
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await calm.GetAsync("/api/v1/organizations")).StatusCode);
    }
}
