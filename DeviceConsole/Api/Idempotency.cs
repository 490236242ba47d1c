using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Api;

/// <summary>
/// <c>Idempotency-Key</c> for POSTs that change things: the first answer is stored per token and key
/// and a retry gets it back instead of a second change. The key is claimed before the change runs,
/// so two concurrent retries cannot both perform it.
/// </summary>
public sealed class Idempotency(IDbContextFactory<AppDbContext> dbFactory, IOptions<ApiOptions> options, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    private const int InProgress = 0;

    public async Task<IResult> RunAsync(HttpContext context, object request, Func<Task<(int Status, object Body)>> perform)
    {
        var key = context.Request.Headers[Header].ToString();
        if (key.Length == 0)
            return await AnswerAsync(perform);
        if (key.Length > IdempotentResponse.MaxKeyLength || key.Any(char.IsControl))
            throw ApiRequestException.BadRequest($"An Idempotency-Key has 1 to {IdempotentResponse.MaxKeyLength} printable characters.");
        var token = TokenClaims.Read(context.User) ?? throw new UnauthorizedAccessException();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}\n{JsonSerializer.Serialize(request, ApiJson.Options)}")));
        var ct = context.RequestAborted;
        var now = clock.GetUtcNow().UtcDateTime;

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Expired answers of this token go first, so the table holds at most a day of each token's keys.
            await db.IdempotentResponses.Where(r => r.TokenId == token.TokenId && r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
            var stored = await db.IdempotentResponses.AsNoTracking().SingleOrDefaultAsync(r => r.TokenId == token.TokenId && r.Key == key, ct);
            if (stored is not null)
                return Replay(context, stored, hash);
            db.IdempotentResponses.Add(IdempotentResponse.Create(token.TokenId, key, hash, InProgress, "", "", now,
                now.AddHours(Math.Max(1, options.Value.IdempotencyHours))));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another request claimed the key a moment ago.
                return ApiProblems.Result(ApiProblems.Problem(StatusCodes.Status409Conflict,
                    "A request with this Idempotency-Key is still running; retry in a moment."));
            }
        }

        int status;
        string body;
        string contentType;
        try
        {
            var (okStatus, value) = await perform();
            (status, body, contentType) = (okStatus, JsonSerializer.Serialize(value, ApiJson.Options), "application/json");
        }
        catch (Exception e) when (ApiProblems.From(e) is { } problem)
        {
            (status, body, contentType) = (problem.Status!.Value, JsonSerializer.Serialize(problem, ApiJson.Options), ApiProblems.ContentType);
        }
        catch
        {
            // A failure that is not an answer (a bug, a crash) frees the key for a retry.
            await ReleaseAsync(token.TokenId, key);
            throw;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
            await db.IdempotentResponses.Where(r => r.TokenId == token.TokenId && r.Key == key)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, status).SetProperty(r => r.Body, body)
                    .SetProperty(r => r.ContentType, contentType), CancellationToken.None);
        return Results.Text(body, contentType, Encoding.UTF8, status);
    }

    private static async Task<IResult> AnswerAsync(Func<Task<(int Status, object Body)>> perform)
    {
        var (status, body) = await perform();
        return ApiJson.Ok(body, status);
    }

    private static IResult Replay(HttpContext context, IdempotentResponse stored, string hash)
    {
        if (stored.RequestHash != hash)
            return ApiProblems.Result(ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity,
                "This Idempotency-Key was used for a different request; use a new key for a new request."));
        if (stored.StatusCode == InProgress)
            return ApiProblems.Result(ApiProblems.Problem(StatusCodes.Status409Conflict,
                "A request with this Idempotency-Key is still running; retry in a moment."));
        context.Response.Headers["Idempotent-Replayed"] = "true";
        return Results.Text(stored.Body, stored.ContentType, Encoding.UTF8, stored.StatusCode);
    }

    private async Task ReleaseAsync(int tokenId, string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.IdempotentResponses.Where(r => r.TokenId == tokenId && r.Key == key).ExecuteDeleteAsync(CancellationToken.None);
    }
}
