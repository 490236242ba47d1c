using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Api;

/// <summary>
/// The API's JSON: web defaults with enums as names. Request bodies are read strictly: a size
/// limit, a JSON content type, no unknown fields, required fields present and not null.
/// </summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static readonly JsonSerializerOptions Strict = new(Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        return options;
    }

    public static async Task<T> ReadAsync<T>(HttpContext context) where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
            throw new ApiRequestException(StatusCodes.Status415UnsupportedMediaType, "Send the body as application/json.");
        var max = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
        if (request.ContentLength > max)
            throw TooLarge(max);

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > max)
                throw TooLarge(max);
            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Strict)
                ?? throw ApiRequestException.BadRequest("The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            var message = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"The body has an unknown field{where}."
                : e.Message.Contains("missing required properties", StringComparison.Ordinal) || e.Message.Contains("null", StringComparison.Ordinal)
                    ? $"The body lacks a required field or has null where a value is needed{where}."
                    : $"The body is not valid JSON for this request{where}.";
            throw ApiRequestException.BadRequest(message);
        }
    }

    public static IResult Ok<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, Options, statusCode: status);

    private static ApiRequestException TooLarge(int max) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {max:N0} bytes.");
}
