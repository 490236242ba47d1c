using DeviceConsole.Domain;
using DeviceConsole.Services.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data;

/// <summary>
/// The demo fleet: two customer trees, six accounts and about sixty devices. Runs only on an
/// empty database, so a second start (or a real one) seeds nothing.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, UserManager<ApplicationUser> users, AuditLog audit, TimeProvider clock)
{
    /// <summary>The demo password the product ships with (appsettings.json); the only one the log may print.</summary>
    public const string ShippedPassword = "Demo-Pass-2026";

    public static readonly IReadOnlyList<(string Email, string Description)> Accounts =
    [
        ("admin@acme.example", "Admin of Acme IoT"),
        ("staff@acme.example", "Staff of Acme IoT"),
        ("clienta.admin@acme.example", "Admin of Client A"),
        ("clienta.user@acme.example", "User of Client A, owns a few devices"),
        ("globex.admin@globex.example", "Admin of Globex"),
        ("multi@example.com", "User of Client B, Staff of Globex"),
    ];

    /// <returns>True when the demo data was created, false when the database already had data.</returns>
    public async Task<bool> SeedAsync(string password, CancellationToken ct = default)
    {
        if (await db.Organizations.AnyAsync(ct) || await db.Users.AnyAsync(ct))
            return false;

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var acme = await CreateOrganizationAsync("Acme IoT", null, now, ct);
        var clientA = await CreateOrganizationAsync("Client A", acme, now, ct);
        var warehouse = await CreateOrganizationAsync("Client A Warehouse", clientA, now, ct);
        var clientB = await CreateOrganizationAsync("Client B", acme, now, ct);
        var globex = await CreateOrganizationAsync("Globex", null, now, ct);

        var admin = await CreateAccountAsync("admin@acme.example", password);
        var staff = await CreateAccountAsync("staff@acme.example", password);
        var clientAdmin = await CreateAccountAsync("clienta.admin@acme.example", password);
        var clientUser = await CreateAccountAsync("clienta.user@acme.example", password);
        var globexAdmin = await CreateAccountAsync("globex.admin@globex.example", password);
        var multi = await CreateAccountAsync("multi@example.com", password);

        AddMembership(admin, acme, Role.Admin, now);
        AddMembership(staff, acme, Role.Staff, now);
        AddMembership(clientAdmin, clientA, Role.Admin, now);
        AddMembership(clientUser, clientA, Role.User, now);
        AddMembership(globexAdmin, globex, Role.Admin, now);
        AddMembership(multi, clientB, Role.User, now);
        AddMembership(multi, globex, Role.Staff, now);

        var random = new Random(2026);
        AddDevices("Gateway", "ACME-GW", acme, [admin, staff], 10, random, now);
        AddDevices("Sensor", "CLA-SN", clientA, [clientAdmin, admin], 10, random, now);
        AddDevices("Tracker", "CLA-TR", clientA, [clientUser], 4, random, now);
        AddDevices("Cold room", "CLW-CR", warehouse, [clientAdmin, clientUser, staff], 12, random, now);
        AddDevices("Meter", "CLB-MT", clientB, [admin, multi], 10, random, now);
        AddDevices("Pump", "GLX-PU", globex, [globexAdmin, multi], 12, random, now);

        await db.SaveChangesAsync(ct);
        // Device IDs exist only after the save; their audit entries join the same transaction.
        var organizations = new[] { acme, clientA, warehouse, clientB, globex }.ToDictionary(o => o.Id);
        foreach (var device in db.Devices.Local.OrderBy(d => d.Id))
        {
            var organization = organizations[device.OrganizationId];
            audit.DemoDeviceCreated(db, device, organization);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Whether the demo accounts are in this database (they are only ever seeded, never assumed).</summary>
    public Task<bool> DemoAccountsExistAsync(CancellationToken ct = default)
    {
        var emails = Accounts.Select(a => a.Email.ToUpperInvariant()).ToList();
        return db.Users.AnyAsync(u => emails.Contains(u.NormalizedEmail!), ct);
    }

    private async Task<Organization> CreateOrganizationAsync(string name, Organization? parent, DateTime now, CancellationToken ct)
    {
        var organization = Organization.Create(name, parent, now);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(ct);
        organization.AssignPath(parent?.Path);
        audit.DemoOrganizationCreated(db, organization);
        await db.SaveChangesAsync(ct);
        return organization;
    }

    private async Task<ApplicationUser> CreateAccountAsync(string email, string password)
    {
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
            throw new InvalidOperationException($"Seeding {email} failed: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        return user;
    }

    private void AddMembership(ApplicationUser account, Organization organization, Role role, DateTime now)
    {
        db.Memberships.Add(Membership.Create(account.Id, organization.Id, role, now));
        audit.DemoMembershipAdded(db, account.Id, account.Email!, organization, role);
    }

    private void AddDevices(string kind, string serialPrefix, Organization organization, ApplicationUser[] owners,
        int count, Random random, DateTime now)
    {
        for (var i = 1; i <= count; i++)
        {
            var status = (DeviceStatus)random.Next(1, 5);
            DateTime? lastSeen = status == DeviceStatus.Decommissioned ? null : now.AddMinutes(-random.Next(1, 60 * 24 * 14));
            var device = Device.Create($"{organization.Name} {kind} {i:00}", $"{serialPrefix}-{1000 + i}",
                organization.Id, owners[(i - 1) % owners.Length].Id, status, now.AddDays(-random.Next(30, 400)), lastSeen);
            db.Devices.Add(device);
        }
    }
}
