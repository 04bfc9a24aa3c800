using Microsoft.Playwright;

namespace Cruddur.Tests.Browser;

/// <summary>
/// Headless system Chromium driven by Playwright (no browser download: there is no network).
/// Tests call <see cref="RunPageAsync"/>; without Chromium they skip, unless CRUDDUR_REQUIRE_BROWSER is set.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string RequireBrowserVariable = "CRUDDUR_REQUIRE_BROWSER";
    public const string ScreenshotsVariable = "CRUDDUR_BROWSER_SCREENSHOTS";

    private static readonly string[] Arguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static readonly string[] Candidates =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/snap/bin/chromium"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _skipReason;

    /// <summary>Where screenshots go: the test output folder.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        var executable = FindChromium();
        if (executable is null)
        {
            _skipReason = "No Chromium found (looked at CRUDDUR_CHROMIUM_PATH and " + string.Join(", ", Candidates) + "). Install it with: apt-get install -y chromium";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RequireBrowserVariable)))
            {
                throw new InvalidOperationException(_skipReason + $" ({RequireBrowserVariable} is set, so this is a failure.)");
            }
            return;
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>Runs a test in a fresh browser context; on failure saves a screenshot named after the test.</summary>
    public async Task RunPageAsync(string testName, Func<IPage, Task> test)
    {
        if (_browser is null)
        {
            Assert.Skip(_skipReason ?? "No Chromium.");
        }
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        try
        {
            await test(page);
        }
        catch (Exception)
        {
            var path = await ScreenshotAsync(page, testName + "-failed");
            TestContext.Current.SendDiagnosticMessage($"Screenshot of the failure: {path}");
            throw;
        }
    }

    /// <summary>Saves a screenshot when asked to by the environment (to look at the pages).</summary>
    public static async Task CaptureIfRequestedAsync(IPage page, string name)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ScreenshotsVariable)))
        {
            await ScreenshotAsync(page, name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }

    private static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string? FindChromium()
    {
        var configured = Environment.GetEnvironmentVariable("CRUDDUR_CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }
        return Candidates.FirstOrDefault(File.Exists);
    }
}
