using DeviceConsole.Domain;

namespace DeviceConsole.Fleet.Seeding;

public sealed record PlannedOrganization(int Id, string Name, int? ParentId, string Path, int Level)
{
    public bool HoldsDevices { get; set; } = true;
}

public sealed record PlannedAccount(string Id, string Email, string SecurityStamp, string ConcurrencyStamp);

public sealed record PlannedMembership(int Id, string AccountId, int OrganizationId, Role Role);

public sealed record PlannedDevice(int Id, string Name, string SerialNumber, int OrganizationId, string OwnerId,
    DeviceStatus Status, DateTime CreatedAt, DateTime? LastSeenAt)
{
    public Guid Version { get; set; }
}

/// <summary>A status edit recorded in the audit log, as a device edit writes it.</summary>
public sealed record PlannedEdit(int DeviceId, DeviceStatus Before, DeviceStatus After, Guid VersionBefore, Guid VersionAfter,
    string ActorId, DateTime At);

/// <summary>
/// The large fleet, computed in memory from one fixed random seed, so every run builds the same
/// data: two trees of skewed depth and fan-out, accounts, memberships (some on an organization and
/// its ancestor), devices whose owners have a role where the device is (D1), and status edits.
/// </summary>
public sealed class FleetPlan
{
    public const string RootAdminEmail = "root.admin@northwind.example";
    public const string MidAdminEmail = "mid.admin@northwind.example";
    public const string LeafAdminEmail = "leaf.admin@northwind.example";
    public const string SecondTreeAdminEmail = "root.admin@contoso.example";
    public const int MaxLevel = 8;

    private static readonly string[] LevelKinds = ["", "Root", "Client", "Region", "Site", "Building", "Floor", "Zone", "Cell"];
    private static readonly string[] DeviceKinds = ["Sensor", "Gateway", "Meter", "Tracker", "Pump", "Camera", "Thermostat", "Valve"];
    // About one place in seventy contains "abc", so a search for it matches about 1.4% of devices.
    private static readonly string[] Places =
    [
        "Abcoude", "Aalborg", "Bergen", "Bilbao", "Brno", "Cadiz", "Cork", "Delft", "Dijon", "Dundee", "Essen", "Evora", "Faro",
        "Gdansk", "Genoa", "Ghent", "Graz", "Haarlem", "Hull", "Ibiza", "Izmir", "Jena", "Kassel", "Kiel", "Krakow", "Laval",
        "Leeds", "Lille", "Linz", "Lodz", "Lyon", "Malmo", "Metz", "Minsk", "Nancy", "Nantes", "Narvik", "Nice", "Odense", "Oslo",
        "Oulu", "Padua", "Parma", "Perth", "Porto", "Poznan", "Riga", "Rouen", "Salzburg", "Siena", "Split", "Tampere", "Tartu",
        "Toulon", "Trier", "Turku", "Ulm", "Umea", "Utrecht", "Varna", "Vigo", "Vilnius", "Wells", "Windsor", "Xanten", "York",
        "Zadar", "Zagreb", "Zurich", "Zwolle",
    ];

    public required IReadOnlyList<PlannedOrganization> Organizations { get; init; }
    public required IReadOnlyList<PlannedAccount> Accounts { get; init; }
    public required IReadOnlyList<PlannedMembership> Memberships { get; init; }
    public required IReadOnlyList<PlannedDevice> Devices { get; init; }
    public required IReadOnlyList<PlannedEdit> Edits { get; init; }
    public required DateTime Start { get; init; }

    /// <summary>The organizations of the printed sign-in accounts, by email.</summary>
    public required IReadOnlyDictionary<string, PlannedOrganization> SignInAccounts { get; init; }

    public static FleetPlan Create(int deviceCount, int auditEntryCount = 200_000, int organizationCount = 1_000,
        int accountCount = 10_000, int seed = 2026)
    {
        var random = new Random(seed);
        var start = new DateTime(2025, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var organizations = new List<PlannedOrganization>(organizationCount);
        var firstTree = organizationCount * 9 / 10;
        var chainA = BuildTree(organizations, "Northwind Fleet", firstTree, random);
        BuildTree(organizations, "Contoso Devices", organizationCount - firstTree, random);
        MarkGroupingNodes(organizations, random);

        var accounts = new List<PlannedAccount>(accountCount);
        PlannedAccount NewAccount(string email) => new(RandomGuid(random).ToString(), email,
            RandomGuid(random).ToString("N").ToUpperInvariant(), RandomGuid(random).ToString());
        var rootAdmin = NewAccount(RootAdminEmail);
        var midAdmin = NewAccount(MidAdminEmail);
        var leafAdmin = NewAccount(LeafAdminEmail);
        var secondAdmin = NewAccount(SecondTreeAdminEmail);
        accounts.AddRange([rootAdmin, midAdmin, leafAdmin, secondAdmin]);
        for (var i = accounts.Count; i < accountCount; i++)
            accounts.Add(NewAccount($"user{i:00000}@{(i % 10 == 0 ? "contoso" : "northwind")}.example"));

        var rootA = organizations[0];
        var rootB = organizations.First(o => o.ParentId is null && o.Id != rootA.Id);
        var memberships = new List<PlannedMembership>();
        var pairs = new HashSet<(string, int)>();
        void Join(PlannedAccount account, PlannedOrganization organization, Role role)
        {
            if (pairs.Add((account.Id, organization.Id)))
                memberships.Add(new PlannedMembership(memberships.Count + 1, account.Id, organization.Id, role));
        }
        Join(rootAdmin, rootA, Role.Admin);
        Join(midAdmin, chainA[3], Role.Admin);
        Join(leafAdmin, chainA[^1], Role.Admin);
        Join(secondAdmin, rootB, Role.Admin);

        var treeA = organizations.Where(o => o.Path.StartsWith(rootA.Path, StringComparison.Ordinal)).ToList();
        var treeB = organizations.Where(o => o.Path.StartsWith(rootB.Path, StringComparison.Ordinal)).ToList();
        var byId = organizations.ToDictionary(o => o.Id);
        var firstOrganization = new Dictionary<string, PlannedOrganization>();
        foreach (var account in accounts.Skip(4))
        {
            var tree = account.Email.Contains("@contoso.") ? treeB : treeA;
            var organization = tree[random.Next(tree.Count)];
            firstOrganization[account.Id] = organization;
            Join(account, organization, PickRole(random));
        }
        // A second membership for half of the accounts: on an ancestor of the first (a higher or
        // lower inherited role) or somewhere else, in either tree.
        var others = accounts.Skip(4).ToList();
        for (var i = 0; i < others.Count / 2; i++)
        {
            var account = others[random.Next(others.Count)];
            var first = firstOrganization[account.Id];
            var ancestors = OrganizationPath.Ids(first.Path)[..^1];
            var organization = ancestors.Length > 0 && random.Next(2) == 0
                ? byId[ancestors[random.Next(ancestors.Length)]]
                : organizations[random.Next(organizations.Count)];
            Join(account, organization, PickRole(random));
        }

        var devices = PlanDevices(organizations, memberships, byId, treeA, treeB, deviceCount, start, random);
        var managers = ManagersByOrganization(memberships, byId);
        var edits = new List<PlannedEdit>();
        var editCount = Math.Max(0, auditEntryCount - organizations.Count - memberships.Count - devices.Count);
        var editStart = start.AddDays(200);
        for (var i = 0; i < editCount && devices.Count > 0; i++)
        {
            var device = devices[random.Next(devices.Count)];
            var actor = NearestManager(byId[device.OrganizationId], managers, byId);
            var after = (DeviceStatus)(1 + ((int)device.Status + random.Next(3)) % 4);
            var version = RandomGuid(random);
            edits.Add(new PlannedEdit(device.Id, device.Status, after, device.Version, version, actor,
                editStart.AddSeconds(i * 60L)));
            device.Version = version;
        }

        return new FleetPlan
        {
            Organizations = organizations, Accounts = accounts, Memberships = memberships, Devices = devices, Edits = edits,
            Start = start,
            SignInAccounts = new Dictionary<string, PlannedOrganization>
            {
                [RootAdminEmail] = rootA, [MidAdminEmail] = chainA[3], [LeafAdminEmail] = chainA[^1], [SecondTreeAdminEmail] = rootB,
            },
        };
    }

    /// <summary>
    /// One tree: a chain from the root to the deepest level (so the limit is reached), then each
    /// new organization under a parent chosen with a bias to older ones, which skews the fan-out.
    /// </summary>
    private static List<PlannedOrganization> BuildTree(List<PlannedOrganization> all, string rootName, int count, Random random)
    {
        var root = Add(all, rootName, null);
        var tree = new List<PlannedOrganization> { root };
        var chain = new List<PlannedOrganization> { root };
        for (var level = 2; level <= MaxLevel && tree.Count < count; level++)
        {
            var child = Add(all, null, chain[^1]);
            chain.Add(child);
            tree.Add(child);
        }
        while (tree.Count < count)
        {
            var candidates = tree.Where(o => o.Level < MaxLevel).ToList();
            var parent = candidates[(int)(candidates.Count * Math.Pow(random.NextDouble(), 2))];
            tree.Add(Add(all, null, parent));
        }
        return chain;
    }

    private static PlannedOrganization Add(List<PlannedOrganization> all, string? name, PlannedOrganization? parent)
    {
        var id = all.Count + 1;
        var level = parent is null ? 1 : parent.Level + 1;
        var path = parent is null ? OrganizationPath.Root(id) : OrganizationPath.Child(parent.Path, id);
        var organization = new PlannedOrganization(id, name ?? $"{LevelKinds[level]} {id}", parent?.Id, path, level);
        all.Add(organization);
        return organization;
    }

    /// <summary>About half of the organizations with children are grouping nodes without devices of their own.</summary>
    private static void MarkGroupingNodes(List<PlannedOrganization> organizations, Random random)
    {
        var parents = organizations.Where(o => o.ParentId is not null).Select(o => o.ParentId!.Value).ToHashSet();
        foreach (var organization in organizations)
            if (parents.Contains(organization.Id) && organization.ParentId is not null && random.Next(2) == 0)
                organization.HoldsDevices = false;
    }

    private static Role PickRole(Random random) => random.Next(100) switch
    {
        < 80 => Role.User,
        < 95 => Role.Staff,
        _ => Role.Admin,
    };

    /// <summary>
    /// Devices per organization follow a Zipf law (a few with thousands, many with dozens); nine
    /// in ten are in the first tree. Each owner has a membership in the device's organization or
    /// an ancestor (D1).
    /// </summary>
    private static List<PlannedDevice> PlanDevices(List<PlannedOrganization> organizations, List<PlannedMembership> memberships,
        Dictionary<int, PlannedOrganization> byId, List<PlannedOrganization> treeA, List<PlannedOrganization> treeB,
        int deviceCount, DateTime start, Random random)
    {
        var membersOf = memberships.GroupBy(m => m.OrganizationId).ToDictionary(g => g.Key, g => g.Select(m => m.AccountId).ToArray());
        var candidates = new Dictionary<int, string[]>();
        string[] CandidatesOf(PlannedOrganization organization)
        {
            if (!candidates.TryGetValue(organization.Id, out var list))
                candidates[organization.Id] = list = OrganizationPath.Ids(organization.Path)
                    .SelectMany(id => membersOf.GetValueOrDefault(id, [])).Distinct().ToArray();
            return list;
        }

        var devices = new List<PlannedDevice>(deviceCount);
        var perTree = new[] { (Tree: treeA, Count: deviceCount - deviceCount / 10, Prefix: "NW"), (Tree: treeB, Count: deviceCount / 10, Prefix: "CT") };
        foreach (var (tree, count, prefix) in perTree)
        {
            var holders = tree.Where(o => o.HoldsDevices).OrderBy(_ => random.Next()).ToList();
            var weights = holders.Select((_, rank) => 1.0 / (rank + 1)).ToArray();
            var sum = weights.Sum();
            var counts = weights.Select(w => (int)(count * w / sum)).ToArray();
            counts[0] += count - counts.Sum();
            for (var h = 0; h < holders.Count; h++)
            {
                var owners = CandidatesOf(holders[h]);
                for (var i = 0; i < counts[h]; i++)
                {
                    var id = devices.Count + 1;
                    var status = (DeviceStatus)random.Next(1, 5);
                    var created = start.AddDays(1).AddMinutes(id);
                    DateTime? lastSeen = status == DeviceStatus.Decommissioned ? null : created.AddDays(random.Next(1, 360));
                    var name = $"{DeviceKinds[random.Next(DeviceKinds.Length)]} {Places[random.Next(Places.Length)]} {id:000000}";
                    devices.Add(new PlannedDevice(id, name, $"{prefix}-{id:000000}", holders[h].Id, owners[random.Next(owners.Length)],
                        status, created, lastSeen) { Version = RandomGuid(random) });
                }
            }
        }
        return devices;
    }

    private static Dictionary<int, List<string>> ManagersByOrganization(List<PlannedMembership> memberships, Dictionary<int, PlannedOrganization> byId) =>
        memberships.Where(m => m.Role >= Role.Staff).GroupBy(m => m.OrganizationId).ToDictionary(g => g.Key, g => g.Select(m => m.AccountId).ToList());

    private static string NearestManager(PlannedOrganization organization, Dictionary<int, List<string>> managers, Dictionary<int, PlannedOrganization> byId)
    {
        foreach (var id in OrganizationPath.Ids(organization.Path).Reverse())
            if (managers.TryGetValue(id, out var list))
                return list[0];
        throw new InvalidOperationException($"No manager above organization {organization.Id}.");
    }

    private static Guid RandomGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
