using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Cruddur.Tests.AppHost;

/// <summary>
/// `dotnet run --project Cruddur.AppHost` in a real terminal (tmux), stopped with Ctrl+C as a developer
/// stops it. Uses the AppHost's own ports (4567, 18888–18891, 2000), so nothing else may hold them.
/// </summary>
public sealed class ShutdownTests
{
    private static readonly int[] TcpPorts = [4567, 18888, 18889, 18890, 18891, 2000];
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CtrlC_InATerminal_StopsDcpAndEveryResource_AndFreesThePorts()
    {
        var cancellation = TestContext.Current.CancellationToken;
        Assert.All(TcpPorts, port => Assert.True(IsFree(port), $"port {port} is taken before the test: stop the AppHost that holds it"));
        var session = $"cruddur-ctrl-c-{Guid.NewGuid():N}";
        var configuration = typeof(ShutdownTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var command = $"cd '{RepositoryRoot()}' && dotnet run --project Cruddur.AppHost --no-build -c {configuration}";
        try
        {
            Run("tmux", "new-session", "-d", "-s", session, "-x", "200", "-y", "50", command);
            var clock = Stopwatch.StartNew();
            await WaitUntilAsync(async () => await AnswersAsync("http://localhost:4567/api/activities/home") && await AnswersAsync("http://localhost:18888/health"),
                StartWait, "the gateway and the dashboard to answer", cancellation);
            TestContext.Current.SendDiagnosticMessage($"AppHost launch to gateway and dashboard answering: {clock.Elapsed.TotalSeconds:F1} s");
            var panePid = int.Parse(Run("tmux", "display-message", "-p", "-t", session, "#{pane_pid}").Trim());
            var processes = AppHostProcesses(panePid);
            Assert.Contains(processes, process => process.Command.Contains("dcp run-controllers", StringComparison.Ordinal));
            Assert.Contains(processes, process => process.Command.Contains("Aspire.Dashboard", StringComparison.Ordinal));
            Assert.Contains(processes, process => process.Command.Contains("Cruddur.Api", StringComparison.Ordinal));

            Run("tmux", "send-keys", "-t", session, "C-c");

            await WaitUntilAsync(() => Task.FromResult(processes.All(process => IsGone(process.Pid)) && TcpPorts.All(IsFree)),
                StopWait, "every process to exit and every port to be free", cancellation);
        }
        finally
        {
            TryRun("tmux", "kill-session", "-t", session);
        }
    }

    private static async Task<bool> AnswersAsync(string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await client.GetAsync(url);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {limit} waiting for {what}.");
            await Task.Delay(250, cancellationToken);
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool IsGone(int pid) => !Directory.Exists($"/proc/{pid}");

    /// <summary>
    /// The terminal's processes and DCP's: DCP detaches from the AppHost (it watches it with
    /// <c>--monitor {pid}</c>) and starts the dashboard and every resource below itself.
    /// </summary>
    private static List<(int Pid, string Command)> AppHostProcesses(int panePid)
    {
        var (parents, commands) = ProcessTable();
        var terminal = Descendants(parents, commands, panePid);
        var appHost = terminal.Single(process => process.Command.StartsWith(Path.Combine(RepositoryRoot(), "Cruddur.AppHost"), StringComparison.Ordinal));
        var dcp = commands.Single(process => process.Value.Contains($"--monitor {appHost.Pid} ", StringComparison.Ordinal));
        return [.. terminal, (dcp.Key, dcp.Value), .. Descendants(parents, commands, dcp.Key)];
    }

    private static List<(int Pid, string Command)> Descendants(Dictionary<int, int> parents, Dictionary<int, string> commands, int root)
    {
        var found = new List<(int, string)>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (pid, parentPid) in parents)
            {
                if (parentPid == parent)
                {
                    found.Add((pid, commands[pid]));
                    frontier.Enqueue(pid);
                }
            }
        }

        return found;
    }

    /// <summary>Each process's parent and command line, read from /proc.</summary>
    private static (Dictionary<int, int> Parents, Dictionary<int, string> Commands) ProcessTable()
    {
        var parents = new Dictionary<int, int>();
        var commands = new Dictionary<int, string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // The command name is in parentheses and may hold spaces; the parent pid follows the state.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
                commands[pid] = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                // Gone while reading.
            }
        }

        return (parents, commands);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cruddur.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cruddur.sln not found above the test's directory.");
    }

    private static string Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {error}");
        return output;
    }

    private static void TryRun(string file, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            process?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No tmux: the test has failed already.
        }
    }
}
