using System.Globalization;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>One frame of <c>cause.exceptions[].stack</c>, read from a .NET stack trace line.</summary>
public sealed record XRayStackFrame(string Label, string? Path, int? Line)
{
    public const int MaxFrames = 50;

    /// <summary>Reads lines like <c>   at Ns.Type.Method(args) in /src/File.cs:line 42</c>.</summary>
    public static IReadOnlyList<XRayStackFrame> Parse(string? stackTrace)
    {
        var frames = new List<XRayStackFrame>();
        if (string.IsNullOrEmpty(stackTrace))
        {
            return frames;
        }

        foreach (var raw in stackTrace.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("at ", StringComparison.Ordinal))
            {
                continue;
            }

            line = line[3..];
            var location = line.LastIndexOf(" in ", StringComparison.Ordinal);
            var marker = location < 0 ? -1 : line.LastIndexOf(":line ", StringComparison.Ordinal);
            if (marker > location && int.TryParse(line.AsSpan(marker + 6), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                frames.Add(new XRayStackFrame(line[..location], line[(location + 4)..marker], number));
            }
            else
            {
                frames.Add(new XRayStackFrame(line, null, null));
            }

            if (frames.Count == MaxFrames)
            {
                break;
            }
        }

        return frames;
    }
}
