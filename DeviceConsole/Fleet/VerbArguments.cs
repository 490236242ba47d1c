using System.Globalization;

namespace DeviceConsole.Fleet;

/// <summary>A verb's own options (<c>--devices 100000</c>); everything else goes to configuration as usual.</summary>
public sealed class VerbArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    public VerbArguments(string[] args, params string[] names)
    {
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is not null && names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                if (i + 1 >= args.Length)
                    throw new FleetCommandException($"--{name} needs a value.");
                _options[name] = args[++i];
            }
            else
                rest.Add(args[i]);
        }
        Rest = rest.ToArray();
    }

    /// <summary>Arguments that are not the verb's options, for the configuration (e.g. --ConnectionStrings:DeviceConsole=...).</summary>
    public string[] Rest { get; }

    public string? Text(string name) => _options.GetValueOrDefault(name);

    public int Number(string name, int fallback, int min, int max)
    {
        if (!_options.TryGetValue(name, out var text))
            return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new FleetCommandException($"--{name} must be a whole number from {min:N0} to {max:N0}.");
        return value;
    }
}
