using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// L3 redaction for one batch of entries: organization names and emails outside the viewer's
/// view (A4) are replaced, everywhere they appear in an entry. Built with a fixed number of
/// queries per batch, whatever its size.
/// </summary>
internal sealed partial class AuditRedactor
{
    public const string HiddenOrganization = "an organization outside your view";
    public const string HiddenAccount = "an account outside your view";

    /// <summary>JSON as people read it: "Müller &amp; Co", not "M\u00FCller \u0026 Co".</summary>
    public static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ActorView _view;
    private readonly IReadOnlyDictionary<int, string> _currentPaths;
    // Normalized email to account ID, read by the span of a matched email without a string per match.
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _accountByEmail;
    private readonly IReadOnlySet<string> _visibleAccounts;

    private AuditRedactor(ActorView view, IReadOnlyDictionary<int, string> currentPaths,
        Dictionary<string, string> accountByEmail, IReadOnlySet<string> visibleAccounts)
    {
        _view = view;
        _currentPaths = currentPaths;
        _accountByEmail = accountByEmail.GetAlternateLookup<ReadOnlySpan<char>>();
        _visibleAccounts = visibleAccounts;
    }

    public static async Task<AuditRedactor> CreateAsync(AppDbContext db, ActorView view, IReadOnlyCollection<AuditEntryData> entries,
        CancellationToken ct)
    {
        // Organizations are judged where they are now; a deleted one by its stored path.
        var organizationIds = entries.SelectMany(e => e.Organizations).Select(o => o.OrganizationId).Distinct().ToList();
        var currentPaths = (await OrganizationRows.ByIdsAsync(db, organizationIds, ct)).ToDictionary(o => o.Id, o => o.Path);
        return await CreateAsync(db, view, entries, currentPaths, ct);
    }

    /// <summary>A redactor for entries whose organizations' current paths were read with them.</summary>
    public static async Task<AuditRedactor> CreateAsync(AppDbContext db, ActorView view, IReadOnlyCollection<AuditEntryData> entries,
        IReadOnlyDictionary<int, string> currentPaths, CancellationToken ct)
    {
        var emails = EmailsToLookUp(view, entries).ToList();
        var candidates = entries.Select(e => e.ActorId).OfType<string>().Concat(entries.Select(TargetAccountId).OfType<string>());
        var (visible, accountByEmail) = await AccessService.VisibleAccountsAsync(db, view, candidates, emails, ct);
        return new AuditRedactor(view, currentPaths, accountByEmail, visible);
    }

    /// <summary>Accounts a statement already judged (A4) beside the entries it read, and the emails it already knows the accounts of.</summary>
    public sealed record JudgedAccounts(HashSet<string> Visible, Dictionary<string, string> AccountByEmail);

    /// <summary>
    /// A redactor for entries read with their organizations' current paths and with their actors judged
    /// (<see cref="AccountVisibilitySql"/>): only the target accounts and the emails of the texts not judged yet
    /// are looked up, so entries that name no one else cost no command.
    /// </summary>
    public static async Task<AuditRedactor> CreateAsync(AppDbContext db, ActorView view, IReadOnlyCollection<AuditEntryData> entries,
        IReadOnlyDictionary<int, string> currentPaths, JudgedAccounts judged, CancellationToken ct)
    {
        var emails = EmailsToLookUp(view, entries).Where(email => !judged.AccountByEmail.ContainsKey(email)).ToList();
        var targets = entries.Select(TargetAccountId).OfType<string>().Where(id => !judged.Visible.Contains(id)).Distinct().ToList();
        if (emails.Count == 0 && targets.Count == 0)
            return new AuditRedactor(view, currentPaths, judged.AccountByEmail, judged.Visible);
        var (visible, accountByEmail) = await AccessService.VisibleAccountsAsync(db, view, targets, emails, ct);
        judged.Visible.UnionWith(visible);
        foreach (var (email, id) in accountByEmail)
            judged.AccountByEmail[email] = id;
        return new AuditRedactor(view, currentPaths, judged.AccountByEmail, judged.Visible);
    }

    // Only an email that EmailVisible would look up, normalized: not the reader's own, nor its entry's actor's or invitee's.
    private static IEnumerable<string> EmailsToLookUp(ActorView view, IEnumerable<AuditEntryData> entries) =>
        entries.SelectMany(e => EmailsIn(e).Where(email => NeedsLookup(view, e, email))).Select(e => e.ToUpperInvariant()).Distinct();

    private static bool NeedsLookup(ActorView view, AuditEntryData e, string email) =>
        !email.Equals(view.Email, StringComparison.OrdinalIgnoreCase)
        && !(e.ActorId is not null && email.Equals(e.ActorEmail, StringComparison.OrdinalIgnoreCase))
        && !(e.TargetType == AuditTargets.Invitation && email.Equals(e.TargetName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// One redactor for a whole export: every organization's current path and every account, read
    /// once, so the export costs a fixed number of queries however many entries it writes.
    /// </summary>
    public static async Task<AuditRedactor> CreateForExportAsync(AppDbContext db, ActorView view, CancellationToken ct)
    {
        var currentPaths = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Path }).ToDictionaryAsync(o => o.Id, o => o.Path, ct);
        var accountByEmail = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null)
            .Select(u => new { u.NormalizedEmail, u.Id }).ToDictionaryAsync(u => u.NormalizedEmail!, u => u.Id, StringComparer.Ordinal, ct);
        // Accounts that no longer exist have no memberships, so they are outside every view, as per batch.
        var visible = await AccessService.VisibleAccountsAsync(db, view, accountByEmail.Values, ct);
        return new AuditRedactor(view, currentPaths, accountByEmail, visible);
    }

    public AuditRow Apply(AuditEntryData e)
    {
        var places = e.Organizations
            .Select(o => (Place: o, Visible: _view.SeesOrganizationName(_currentPaths.GetValueOrDefault(o.OrganizationId, o.Path))))
            .ToList();
        var visibleNames = places.Where(p => p.Visible).Select(p => p.Place.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var terms = new List<(string Text, string? Replacement)>();
        foreach (var name in visibleNames)
            terms.Add((name, null));
        foreach (var (place, _) in places.Where(p => !p.Visible && !visibleNames.Contains(p.Place.Name)))
            terms.Add((place.Name, HiddenOrganization));
        // Device names are not redacted (L3 names organizations and emails): keep them whole.
        if (e.TargetType == AuditTargets.Device)
            terms.Add((e.TargetName, null));
        foreach (var email in EmailsIn(e).Distinct(StringComparer.OrdinalIgnoreCase))
            terms.Add((email, EmailVisible(e, email) ? null : HiddenAccount));

        var actor = e.ActorId is null || EmailVisible(e, e.ActorEmail) ? e.ActorEmail : HiddenAccount;
        var rows = places.Select(p => p.Visible
            ? new AuditPlace(p.Place.Part, p.Place.OrganizationId, p.Place.Name)
            : new AuditPlace(p.Place.Part, null, HiddenOrganization)).ToList();
        return new AuditRow(e.Id, e.At, actor, e.Action, e.TargetType, e.TargetId, Replace(e.TargetName, terms),
            Replace(e.Summary, terms), rows, RedactJson(e.Before, terms), RedactJson(e.After, terms));
    }

    private bool EmailVisible(AuditEntryData e, string email) =>
        EmailVisible(email, e.ActorId, e.ActorEmail, e.TargetType, e.TargetId, e.TargetName,
            () => e.Organizations.Any(o => _view.ManagesDevicesIn(_currentPaths.GetValueOrDefault(o.OrganizationId, o.Path))));

    /// <param name="managesAnOrganization">Whether the actor manages one of the entry's organizations, asked only for an invitation's email.</param>
    private bool EmailVisible(ReadOnlySpan<char> email, string? actorId, string actorEmail, string targetType, string targetId,
        string targetName, Func<bool> managesAnOrganization)
    {
        if (email.Equals(_view.Email, StringComparison.OrdinalIgnoreCase))
            return true;
        if (actorId is not null && email.Equals(actorEmail, StringComparison.OrdinalIgnoreCase))
            return _visibleAccounts.Contains(actorId);
        // A4: Admin and Staff see the invitations of the organizations they manage, with their email.
        if (targetType == AuditTargets.Invitation && email.Equals(targetName, StringComparison.OrdinalIgnoreCase))
            return managesAnOrganization();
        Span<char> normalized = email.Length <= 256 ? stackalloc char[email.Length] : new char[email.Length];
        email.ToUpperInvariant(normalized);
        if (_accountByEmail.TryGetValue(normalized, out var accountId))
            return _visibleAccounts.Contains(accountId);
        // No account has this address now: a former address of the entry's own target account.
        return TargetAccountId(targetType, targetId) is { } target && _visibleAccounts.Contains(target);
    }

    private static string? TargetAccountId(AuditEntryData e) => TargetAccountId(e.TargetType, e.TargetId);

    private static string? TargetAccountId(string targetType, string targetId) => targetType switch
    {
        AuditTargets.Account => targetId,
        AuditTargets.Membership => MembershipTarget.AccountId(targetId),
        _ => null,
    };

    private static IEnumerable<string> EmailsIn(AuditEntryData e)
    {
        var texts = new[] { e.ActorEmail, e.TargetName, e.Summary }.Concat(JsonStrings(e.Before)).Concat(JsonStrings(e.After));
        return texts.Where(t => t.Contains('@')).SelectMany(t => EmailPattern().Matches(t).Select(m => m.Value));
    }

    private static IEnumerable<string> JsonStrings(string? json)
    {
        // An email needs an "@", which a JSON text holds as itself or as the escape \u0040: a text
        // with neither has no email in any of its strings, and is not parsed (most device entries).
        if (json is null || (!json.Contains('@') && !json.Contains("\\u0040", StringComparison.OrdinalIgnoreCase)))
            return [];
        var root = Parse(json);
        if (root is null)
            return json is null ? [] : [json];
        return root.DescendantsAndSelf();
    }

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? RedactJson(string? json, List<(string Text, string? Replacement)> terms)
    {
        if (json is null) return null;
        var root = Parse(json);
        if (root is null) return Replace(json, terms);
        return Rewrite(root, terms)?.ToJsonString(Readable) ?? "null";
    }

    private static JsonNode? Rewrite(JsonNode? node, List<(string Text, string? Replacement)> terms) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Rewrite(p.Value, terms)))),
        JsonArray array => new JsonArray(array.Select(n => Rewrite(n, terms)).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(Replace(value.GetValue<string>(), terms)),
        _ => node?.DeepClone(),
    };

    /// <summary>
    /// Replaces hidden terms (whole words only) and keeps visible ones intact; at each position
    /// the longest term wins, so a visible "Client A" is never cut by a hidden "Client".
    /// </summary>
    internal static string Replace(string text, IReadOnlyList<(string Text, string? Replacement)> terms)
    {
        if (string.IsNullOrEmpty(text) || !terms.Any(t => t.Replacement is not null))
            return text;
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            (string Text, string? Replacement)? best = null;
            foreach (var term in terms)
            {
                if (term.Text.Length == 0 || term.Text.Length <= (best?.Text.Length ?? 0)) continue;
                if (string.Compare(text, i, term.Text, 0, term.Text.Length, StringComparison.OrdinalIgnoreCase) != 0) continue;
                if (term.Replacement is not null && !IsWholeWord(text, i, term.Text.Length)) continue;
                best = term;
            }
            if (best is { } match)
            {
                result.Append(match.Replacement ?? text.Substring(i, match.Text.Length));
                i += match.Text.Length;
            }
            else
            {
                result.Append(text[i++]);
            }
        }
        return result.ToString();
    }

    private static bool IsWholeWord(string text, int start, int length) =>
        (start == 0 || !char.IsLetterOrDigit(text[start - 1])) &&
        (start + length >= text.Length || !char.IsLetterOrDigit(text[start + length]));

    [GeneratedRegex(@"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();
}

internal static class JsonNodeExtensions
{
    /// <summary>Every string value in the tree.</summary>
    public static IEnumerable<string> DescendantsAndSelf(this JsonNode node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Value is null ? [] : p.Value.DescendantsAndSelf()),
        JsonArray array => array.SelectMany(n => n is null ? [] : n.DescendantsAndSelf()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };
}
