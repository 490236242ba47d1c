using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DeviceConsole.Tests.Api;

/// <summary>One app per test class (start-up and seeding dominate), shared by its tests; each test uses its own data.</summary>
public abstract class ApiTestBase(ApiFactory factory) : IClassFixture<ApiFactory>
{
    protected ApiFactory App { get; } = factory;

    protected static StringContent Body(object value) =>
        new(JsonSerializer.Serialize(value, ApiFactory.Json), Encoding.UTF8, "application/json");

    protected static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    protected static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>An RFC 9457 answer: the status, the problem+json type, and its body.</summary>
    protected static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    protected static string? Rule(JsonElement problem) => problem.TryGetProperty("rule", out var rule) ? rule.GetString() : null;

    protected static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;

    protected static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body) => client.PostAsync(url, Body(body));

    protected static async Task<T> ReadAsync<T>(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<T>(ApiFactory.Json))!;
}
