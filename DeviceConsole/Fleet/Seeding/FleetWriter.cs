using System.Globalization;
using System.Text.Json;
using DeviceConsole.Domain;
using Microsoft.Data.Sqlite;

namespace DeviceConsole.Fleet.Seeding;

/// <summary>
/// Writes a <see cref="FleetPlan"/> into an empty, migrated database in one transaction with
/// prepared statements (EF Core would send one command per row). Rows are written in the formats
/// EF Core and the audit log use, with the same audit summaries and details as the services.
/// </summary>
public sealed class FleetWriter(FleetPlan plan, string passwordHash, IProgress<(string Step, double Fraction)> progress)
{
    // EF Core's text format for DateTime on SQLite.
    private const string SqliteDateTime = "yyyy-MM-dd HH:mm:ss.FFFFFFF";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<int, PlannedOrganization> _organizations = plan.Organizations.ToDictionary(o => o.Id);
    private readonly Dictionary<string, PlannedAccount> _accounts = plan.Accounts.ToDictionary(a => a.Id);
    private long _auditId;

    public async Task WriteAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        using var audit = new AuditInsert(connection, transaction);

        await InsertAllAsync(connection, transaction, "organizations",
            "INSERT INTO Organizations (Id, Name, NormalizedName, ParentId, Path, CreatedAt) VALUES ($1, $2, $3, $4, $5, $6)",
            plan.Organizations, (o, p) =>
            {
                Set(p, o.Id, o.Name, Organization.Normalize(o.Name), o.ParentId, o.Path, Time(plan.Start));
                var parent = o.ParentId is { } parentId ? _organizations[parentId] : null;
                audit.Add(++_auditId, plan.Start, null, AuditEntry.SystemActor, AuditActions.OrganizationCreated, AuditTargets.Organization,
                    o.Id.ToString(CultureInfo.InvariantCulture), o.Name,
                    parent is null ? $"Created {o.Name} (seeded)" : $"Created {o.Name} under {parent.Name}",
                    null, Serialize(new { o.Name, Path = PathLabel(o.Path) }), o);
            }, ct);

        await InsertAllAsync(connection, transaction, "accounts",
            """
            INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PasswordHash,
                SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
            VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, 0, 0, 1, 0)
            """,
            plan.Accounts, (a, p) => Set(p, a.Id, a.Email, a.Email.ToUpperInvariant(), a.Email, a.Email.ToUpperInvariant(),
                passwordHash, a.SecurityStamp, a.ConcurrencyStamp), ct);

        await InsertAllAsync(connection, transaction, "memberships",
            "INSERT INTO Memberships (Id, AccountId, OrganizationId, Role, CreatedAt) VALUES ($1, $2, $3, $4, $5)",
            plan.Memberships, (m, p) =>
            {
                var at = plan.Start.AddHours(1).AddSeconds(m.Id);
                Set(p, m.Id, m.AccountId, m.OrganizationId, (int)m.Role, Time(at));
                var organization = _organizations[m.OrganizationId];
                var email = _accounts[m.AccountId].Email;
                audit.Add(++_auditId, at, null, AuditEntry.SystemActor, AuditActions.MembershipAdded, AuditTargets.Membership,
                    $"{m.AccountId}:{m.OrganizationId}", email, $"{email} became {m.Role} of {organization.Name} (seeded)",
                    null, Serialize(new { Role = m.Role.ToString() }), organization);
            }, ct);

        var creationVersions = plan.Edits.GroupBy(e => e.DeviceId).ToDictionary(g => g.Key, g => g.First().VersionBefore);
        await InsertAllAsync(connection, transaction, "devices",
            """
            INSERT INTO Devices (Id, Name, SerialNumber, NormalizedSerialNumber, OrganizationId, OwnerId, Status, LastSeenAt, CreatedAt, Version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            plan.Devices, (d, p) =>
            {
                Set(p, d.Id, d.Name, d.SerialNumber, Device.NormalizeSerial(d.SerialNumber), d.OrganizationId, d.OwnerId, (int)d.Status,
                    d.LastSeenAt is { } seen ? Time(seen) : null, Time(d.CreatedAt), GuidText(d.Version));
                var organization = _organizations[d.OrganizationId];
                var owner = _accounts[d.OwnerId].Email;
                var version = creationVersions.GetValueOrDefault(d.Id, d.Version);
                audit.Add(++_auditId, d.CreatedAt, null, AuditEntry.SystemActor, AuditActions.DeviceCreated, AuditTargets.Device,
                    d.Id.ToString(CultureInfo.InvariantCulture), d.Name,
                    $"Registered {d.Name} ({d.SerialNumber}) in {organization.Name}, owned by {owner}", null,
                    Serialize(new { d.Name, d.SerialNumber, Status = d.Status.ToString(), Owner = owner, Organization = organization.Name, Version = version }),
                    organization);
            }, ct);

        var devices = plan.Devices.ToDictionary(d => d.Id);
        await ForEachAsync("audit log", plan.Edits, edit =>
        {
            var device = devices[edit.DeviceId];
            var actor = _accounts[edit.ActorId];
            audit.Add(++_auditId, edit.At, actor.Id, actor.Email, AuditActions.DeviceEdited, AuditTargets.Device,
                device.Id.ToString(CultureInfo.InvariantCulture), device.Name, $"Edited {device.Name}",
                Serialize(new { device.Name, device.SerialNumber, Status = edit.Before.ToString(), Version = edit.VersionBefore }),
                Serialize(new { device.Name, device.SerialNumber, Status = edit.After.ToString(), Version = edit.VersionAfter }),
                _organizations[device.OrganizationId]);
        });

        progress.Report(("committing", 1));
        await transaction.CommitAsync(ct);
    }

    private async Task InsertAllAsync<T>(SqliteConnection connection, SqliteTransaction transaction, string step, string sql,
        IReadOnlyList<T> rows, Action<T, SqliteParameterCollection> bind, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var count = sql.Count(c => c == '$');
        for (var i = 1; i <= count; i++)
            command.Parameters.Add(new SqliteParameter($"${i}", null));
        command.Prepare();
        await ForEachAsync(step, rows, row =>
        {
            bind(row, command.Parameters);
            command.ExecuteNonQuery();
        });
    }

    private Task ForEachAsync<T>(string step, IReadOnlyList<T> rows, Action<T> action)
    {
        var every = Math.Max(1, rows.Count / 50);
        for (var i = 0; i < rows.Count; i++)
        {
            action(rows[i]);
            if (i % every == 0)
                progress.Report((step, (double)i / rows.Count));
        }
        progress.Report((step, 1));
        return Task.CompletedTask;
    }

    private static void Set(SqliteParameterCollection parameters, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private string PathLabel(string path) =>
        string.Join(" / ", OrganizationPath.Ids(path).Select(id => _organizations[id].Name));

    private static string Time(DateTime at) => at.ToString(SqliteDateTime, CultureInfo.InvariantCulture);

    // EF Core stores a Guid on SQLite as upper-case text.
    private static string GuidText(Guid value) => value.ToString().ToUpperInvariant();

    private static string Serialize(object value) => JsonSerializer.Serialize(value, Json);

    /// <summary>One audit entry and its one involved organization, as two prepared inserts.</summary>
    private sealed class AuditInsert : IDisposable
    {
        private readonly SqliteCommand _entry;
        private readonly SqliteCommand _organization;

        public AuditInsert(SqliteConnection connection, SqliteTransaction transaction)
        {
            _entry = Prepare(connection, transaction,
                """
                INSERT INTO AuditEntries (Id, At, ActorId, ActorEmail, Action, TargetType, TargetId, TargetName, Summary, Before, After)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                """, 11);
            _organization = Prepare(connection, transaction,
                "INSERT INTO AuditOrganizations (AuditEntryId, Part, OrganizationId, Name, Path) VALUES ($1, $2, $3, $4, $5)", 5);
        }

        public void Add(long id, DateTime at, string? actorId, string actorEmail, string action, string targetType, string targetId,
            string targetName, string summary, string? before, string? after, PlannedOrganization organization)
        {
            Set(_entry.Parameters, id, Time(at), actorId, actorEmail, action, targetType, targetId, targetName, summary, before, after);
            _entry.ExecuteNonQuery();
            Set(_organization.Parameters, id, AuditParts.Organization, organization.Id, organization.Name, organization.Path);
            _organization.ExecuteNonQuery();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int count)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            for (var i = 1; i <= count; i++)
                command.Parameters.Add(new SqliteParameter($"${i}", null));
            command.Prepare();
            return command;
        }

        public void Dispose()
        {
            _entry.Dispose();
            _organization.Dispose();
        }
    }
}
