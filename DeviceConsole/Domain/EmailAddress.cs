namespace DeviceConsole.Domain;

/// <summary>Email addresses as typed by people: trimmed, at most 256 characters, one plain address.</summary>
public static class EmailAddress
{
    public const int MaxLength = 256;

    /// <summary>The trimmed address, or a refusal that says what is wrong with it.</summary>
    public static string Validate(string? input)
    {
        var trimmed = (input ?? "").Trim();
        if (trimmed.Length == 0)
            throw DomainException.Invalid("Enter an email address.");
        if (trimmed.Length > MaxLength)
            throw DomainException.Invalid($"An email address has at most {MaxLength} characters (this one has {trimmed.Length}).");
        if (!IsPlainAddress(trimmed))
            throw DomainException.Invalid($"\"{trimmed}\" is not a valid email address.");
        return trimmed;
    }

    public static bool IsValid(string? input)
    {
        var trimmed = (input ?? "").Trim();
        return trimmed.Length is > 0 and <= MaxLength && IsPlainAddress(trimmed);
    }

    // MailAddress also accepts display names and comments ("Bob <bob@x.org>"); only a bare address that round-trips passes.
    private static bool IsPlainAddress(string address)
    {
        if (address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or '(' or ')' or ',' or ';'))
            return false;
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at)
            return false;
        var domain = address[(at + 1)..];
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains(".."))
            return false;
        try
        {
            return new System.Net.Mail.MailAddress(address).Address == address;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
