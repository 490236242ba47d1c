namespace DeviceConsole.Fleet;

/// <summary>A one-line progress bar on the terminal; plain lines, one per step, when output is redirected.</summary>
public sealed class TerminalProgress : IProgress<(string Step, double Fraction)>
{
    private const int Width = 30;
    private string? _step;
    private int _filled = -1;

    public void Report((string Step, double Fraction) value)
    {
        var filled = (int)(Math.Clamp(value.Fraction, 0, 1) * Width);
        if (value.Step == _step && filled == _filled) return;
        if (Console.IsOutputRedirected)
        {
            if (value.Step != _step) Console.WriteLine($"  {value.Step}...");
        }
        else
        {
            if (_step is not null && value.Step != _step) Console.WriteLine();
            Console.Write($"\r  [{new string('#', filled)}{new string('.', Width - filled)}] {value.Fraction,4:P0} {value.Step,-16}");
        }
        _step = value.Step;
        _filled = filled;
    }

    public void Done()
    {
        if (!Console.IsOutputRedirected && _step is not null) Console.WriteLine();
        _step = null;
    }
}
