using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Cruddur.Tests.Gateway;

/// <summary>
/// A real Cruddur web service (the api unless told otherwise), started from its own build output as a
/// child process on a free loopback port.
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private const string ListeningMarker = "Now listening on: ";
    private const int KeptOutputLines = 2_000;
    private const int KeptOutputChars = 500_000;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errorOutput;
    private readonly StringBuilder _output;

    private readonly string _project;

    private ApiProcess(string project, Process process, Uri address, ConcurrentQueue<string> errorOutput, StringBuilder output)
    {
        _project = project;
        _process = process;
        _errorOutput = errorOutput;
        _output = output;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>
    /// What the service wrote to standard output (its console log), character for character: not split into
    /// lines, so a carriage return or an escape sequence in it is seen as the terminal would get it.
    /// </summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The last lines the service wrote to standard error (where sinks report their trouble).</summary>
    public IReadOnlyList<string> ErrorOutput => [.. _errorOutput];

    public bool HasExited => _process.HasExited;

    /// <summary>The process's resident memory now.</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>Starts the service and waits until it answers /health; <paramref name="workingDirectory"/> defaults to its own folder.</summary>
    public static async Task<ApiProcess> StartAsync(IDictionary<string, string> environment, CancellationToken cancellationToken,
        string project = "Cruddur.Api", string? workingDirectory = null)
    {
        var start = CreateStartInfo(project, environment, workingDirectory);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        // Read both pipes to the end, so a chatty child never blocks on a full buffer.
        var output = new StringBuilder();
        _ = ReadOutputAsync(process.StandardOutput, output, listening);
        var errorOutput = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                errorOutput.Enqueue(text);
                while (errorOutput.Count > KeptOutputLines && errorOutput.TryDequeue(out var oldest) && oldest is not null)
                {
                }
            }
        };
        process.Exited += (_, _) => listening.TrySetException(
            new InvalidOperationException($"{project} exited with code {process.ExitCode} before listening."));
        process.EnableRaisingEvents = true;
        process.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            var api = new ApiProcess(project, process, address, errorOutput, output);
            await api.WaitUntilHealthyAsync(cancellationToken);
            return api;
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Keeps standard output as it comes (at least the last <see cref="KeptOutputChars"/>) and finds the address it listens on.</summary>
    private static async Task ReadOutputAsync(StreamReader reader, StringBuilder output, TaskCompletionSource<Uri> listening)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (output)
            {
                output.Append(buffer, 0, read);
                if (!listening.Task.IsCompleted && ListeningAddress(output.ToString()) is { } address)
                {
                    listening.TrySetResult(address);
                }

                // Cut only when twice over, so a chatty service under load costs a copy now and then, not per read.
                if (output.Length > 2 * KeptOutputChars)
                {
                    output.Remove(0, output.Length - KeptOutputChars);
                }
            }
        }
    }

    private static Uri? ListeningAddress(string output)
    {
        var marker = output.IndexOf(ListeningMarker, StringComparison.Ordinal);
        var end = marker < 0 ? -1 : output.IndexOf('\n', marker);
        return end < 0 ? null : new Uri(output[(marker + ListeningMarker.Length)..end].Trim());
    }

    /// <summary>Runs the service until it exits by itself (a start-up that must fail), with all it wrote to stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IDictionary<string, string> environment, string project,
        string workingDirectory, CancellationToken cancellationToken)
    {
        using var process = Process.Start(CreateStartInfo(project, environment, workingDirectory))
            ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{project} was still running after 30 s; it should have refused to start.");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output + await error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_project} exited with code {_process.ExitCode} before answering /health.");
            }

            try
            {
                using var response = await client.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: try again below.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A first request slower than 2 s on a busy machine: try again below.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{_project} did not answer /health within 30 s.");
    }

    private static ProcessStartInfo CreateStartInfo(string project, IDictionary<string, string> environment, string? workingDirectory)
    {
        var assembly = LocateAssembly(project);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        // Port 0: Kestrel picks a free port itself, so no other test can take it in between.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>The project's own output folder (bin/&lt;configuration&gt;/net10.0), found from the solution root.</summary>
    private static string LocateAssembly(string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        for (var directory = testOutput; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cruddur.sln")))
            {
                var assembly = Path.Combine(directory.FullName, project, "bin", configuration, framework, $"{project}.dll");
                return File.Exists(assembly)
                    ? assembly
                    : throw new FileNotFoundException($"Build {project} first; its output is missing.", assembly);
            }
        }

        throw new DirectoryNotFoundException("Cruddur.sln not found above the test output.");
    }
}
