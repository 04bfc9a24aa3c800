using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Cruddur.AppHost.Hosting;

/// <summary>
/// One launched child process: its output goes to the console reporter line by line, and it is
/// stopped the way a container runtime would: SIGTERM, a grace period, then a kill of the tree.
/// </summary>
internal sealed partial class ResourceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;

    private ResourceProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public Task Exited => _process.WaitForExitAsync();

    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    public static ResourceProcess Start(string resource, ProcessStartInfo startInfo, ConsoleReporter console)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        startInfo.UseShellExecute = false;
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Forward(resource, line.Data, console);
        process.ErrorDataReceived += (_, line) => Forward(resource, line.Data, console);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ResourceProcess(process);
    }

    /// <summary>Asks the process to stop, then kills it (and its children) after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows() && Kill(_process.Id, SigTerm) == 0)
        {
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time: fall through to the kill.
            }
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private static void Forward(string resource, string? line, ConsoleReporter console)
    {
        if (line is not null)
        {
            console.ResourceLine(resource, line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
