using System.Diagnostics;

namespace Cruddur.AppHost.Hosting;

/// <summary>Whether a container engine answers here: <c>docker info</c> succeeding within a few seconds.</summary>
public static class ContainerEngine
{
    public const string Command = "docker";

    public static bool IsAvailable(TimeSpan timeout)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Command, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // No docker client at all.
        }
    }
}
