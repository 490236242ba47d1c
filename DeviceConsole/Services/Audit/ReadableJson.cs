using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// An entry's JSON details as <see cref="AuditRedactor.Readable"/> writes them ("Müller &amp; Co", not
/// "M\u00FCller \u0026 Co"): the text a parse into nodes and <c>ToJsonString</c> give, in one pass over
/// reused buffers, and the original string itself when that text is unchanged. It also gathers the
/// string values that may hold an email, for the redactor to check. One instance per export: not thread-safe.
/// </summary>
internal sealed class ReadableJson
{
    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private readonly Utf8JsonWriter _writer;
    private byte[] _input = new byte[1024];
    private char[] _value = new char[256];
    private char[] _emailTexts = new char[256];
    private int _emailTextsLength;

    public ReadableJson() =>
        _writer = new Utf8JsonWriter(_output, new JsonWriterOptions { Encoder = AuditRedactor.Readable.Encoder, SkipValidation = true });

    /// <summary>The string values of the last document that contain an @, one per line (no email spans a line break).</summary>
    public ReadOnlySpan<char> EmailTexts => _emailTexts.AsSpan(0, _emailTextsLength);

    /// <summary>
    /// False when <paramref name="json"/> is not a JSON document with a value other than null (or is
    /// anything this pass does not handle): the redactor then reads it the way it reads any entry.
    /// </summary>
    public bool TryRewrite(string json, out string rewritten)
    {
        rewritten = json;
        _emailTextsLength = 0;
        if (json.Length == 0) return false;
        var size = Encoding.UTF8.GetMaxByteCount(json.Length);
        if (_input.Length < size) _input = new byte[size];
        var input = _input.AsSpan(0, Encoding.UTF8.GetBytes(json, _input));
        _output.ResetWrittenCount();
        _writer.Reset();
        try
        {
            var reader = new Utf8JsonReader(input);
            if (!reader.Read() || reader.TokenType == JsonTokenType.Null) return false;
            do
            {
                Copy(ref reader);
            }
            while (reader.Read());
            _writer.Flush();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
        if (!_output.WrittenSpan.SequenceEqual(input))
            rewritten = Encoding.UTF8.GetString(_output.WrittenSpan);
        return true;
    }

    private void Copy(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: _writer.WriteStartObject(); break;
            case JsonTokenType.EndObject: _writer.WriteEndObject(); break;
            case JsonTokenType.StartArray: _writer.WriteStartArray(); break;
            case JsonTokenType.EndArray: _writer.WriteEndArray(); break;
            case JsonTokenType.PropertyName: _writer.WritePropertyName(Unescaped(ref reader)); break;
            case JsonTokenType.String:
                var value = Unescaped(ref reader);
                if (value.Contains('@')) AddEmailText(value);
                _writer.WriteStringValue(value);
                break;
            case JsonTokenType.Number: _writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
            case JsonTokenType.True: _writer.WriteBooleanValue(true); break;
            case JsonTokenType.False: _writer.WriteBooleanValue(false); break;
            case JsonTokenType.Null: _writer.WriteNullValue(); break;
            default: throw new InvalidOperationException($"Unexpected {reader.TokenType} in audit details.");
        }
    }

    /// <summary>A string or property name as its characters, escapes resolved, in the reused buffer.</summary>
    private ReadOnlySpan<char> Unescaped(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? throw new InvalidOperationException("One buffer holds the document.") : reader.ValueSpan;
        // UTF-8 never needs more UTF-16 units than bytes, escaped or not.
        if (_value.Length < raw.Length) _value = new char[raw.Length];
        var length = reader.ValueIsEscaped ? reader.CopyString(_value) : Encoding.UTF8.GetChars(raw, _value);
        return _value.AsSpan(0, length);
    }

    private void AddEmailText(ReadOnlySpan<char> value)
    {
        var needed = _emailTextsLength + value.Length + 1;
        if (_emailTexts.Length < needed) Array.Resize(ref _emailTexts, Math.Max(needed, _emailTexts.Length * 2));
        value.CopyTo(_emailTexts.AsSpan(_emailTextsLength));
        _emailTexts[_emailTextsLength + value.Length] = '\n';
        _emailTextsLength = needed;
    }
}
