using Cruddur.Insights.Otlp;
using Cruddur.Tests.Insights;
using static Microsoft.Playwright.Assertions;

namespace Cruddur.Tests.Browser;

/// <summary>The Spend page in headless Chromium, on an Insights with a tiny Rollbar free tier.</summary>
public sealed class SpendBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public Task SpendPage_FourSinks_RedPastTheTier_WhatIfRecomputes() =>
        chromium.RunPageAsync(nameof(SpendPage_FourSinks_RedPastTheTier_WhatIfRecomputes), async page =>
        {
            await using var server = await InsightsServer.StartAsync(new Dictionary<string, string?> { ["Insights:Spend:RollbarItemsPerMonth"] = "3" });
            var start = DateTimeOffset.UtcNow.AddSeconds(-120);
            var end = start.AddSeconds(118);
            server.Service<OtlpConverter>().Accept(OtlpSamples.Metrics("cruddur-api",
                OtlpSamples.CumulativeCounter("cruddur.honeycomb.events.sent", start, (end, 600)),
                OtlpSamples.CumulativeCounter("cruddur.xray.traces.recorded", start, (end, 12)),
                OtlpSamples.CumulativeCounter("cruddur.cloudwatch.bytes.sent", start, (end, 2_000_000)),
                OtlpSamples.CumulativeCounter("cruddur.rollbar.items.sent", start, (end, 2))));
            string Url(string path) => new Uri(server.Url, path).ToString();

            await page.GotoAsync(Url($"/login?t={InsightsServer.Token}"));
            await page.Locator(".sidebar a", new() { HasText = "Spend" }).ClickAsync();

            var rows = page.Locator("#spend-sinks tbody tr");
            await Expect(rows).ToHaveCountAsync(4);
            await Expect(rows.Nth(0)).ToContainTextAsync("Honeycomb");
            await Expect(rows.Nth(1)).ToContainTextAsync("AWS X-Ray");
            await Expect(rows.Nth(2)).ToContainTextAsync("CloudWatch Logs");
            await Expect(rows.Nth(3)).ToContainTextAsync("Rollbar");
            // 2 items in about 2 minutes is ~43,000 a month: far past a tier of 3.
            var rollbar = page.Locator("#spend-sinks tr[data-sink=rollbar]");
            await Expect(rollbar).ToHaveAttributeAsync("data-over", "true");
            await Expect(rollbar.Locator(".bar")).ToHaveClassAsync("bar bar-error");
            // The page re-renders as it polls: a retrying assertion, not a one-off read of a detached element.
            await Expect(rollbar.Locator(".bar")).ToHaveCSSAsync("background-color", "rgb(192, 57, 43)"); // --error
            var honeycomb = page.Locator("#spend-sinks tr[data-sink=honeycomb]");
            await Expect(honeycomb).ToHaveAttributeAsync("data-over", "false");
            await Expect(honeycomb.Locator(".bar")).ToHaveClassAsync("bar");
            await Expect(honeycomb).ToContainTextAsync("600 events");
            await ChromiumFixture.CaptureIfRequestedAsync(page, "spend");

            await page.Locator("#what-if input[name=requestsPerSecond]").FillAsync("10");
            var xray = page.Locator("#what-if-result tr[data-sink=xray]");
            await Expect(xray).ToContainTextAsync("3,758,400 traces");
            await Expect(xray).ToHaveAttributeAsync("data-over", "true");

            await page.Locator("#what-if input[name=reservoirSize]").FillAsync("0");
            await page.Locator("#what-if input[name=fixedRate]").FillAsync("0.001");
            await Expect(xray).ToContainTextAsync("25,920 traces");
            await Expect(xray).ToHaveAttributeAsync("data-over", "false");
            await Expect(xray).ToContainTextAsync("FixedRate ≤ 0.0039 stays within the free tier");

            await page.Locator("#what-if input[name=fixedRate]").FillAsync("7");
            await Expect(page.Locator("#what-if-error")).ToContainTextAsync("from 0 to 1");
        });
}
