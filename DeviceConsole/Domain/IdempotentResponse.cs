namespace DeviceConsole.Domain;

/// <summary>
/// The first answer to a POST sent with an <c>Idempotency-Key</c>, kept per token and key so that a
/// retry returns it instead of performing the change again.
/// </summary>
public sealed class IdempotentResponse
{
    public const int MaxKeyLength = 100;

    private IdempotentResponse() { }

    public long Id { get; private set; }
    public int TokenId { get; private set; }
    public string Key { get; private set; } = "";
    /// <summary>SHA-256 of method, path and body: the same key with another request is refused.</summary>
    public string RequestHash { get; private set; } = "";
    public int StatusCode { get; private set; }
    public string ContentType { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }

    public static IdempotentResponse Create(int tokenId, string key, string requestHash, int statusCode, string contentType,
        string body, DateTime nowUtc, DateTime expiresAtUtc) => new()
    {
        TokenId = tokenId,
        Key = key,
        RequestHash = requestHash,
        StatusCode = statusCode,
        ContentType = contentType,
        Body = body,
        CreatedAt = nowUtc,
        ExpiresAt = expiresAtUtc,
    };
}
