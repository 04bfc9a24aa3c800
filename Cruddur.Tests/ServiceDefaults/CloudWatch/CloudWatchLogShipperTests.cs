using System.Text.Json;
using Cruddur.ServiceDefaults.Aws;
using Cruddur.ServiceDefaults.CloudWatch;
using Cruddur.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.ServiceDefaults.CloudWatch;

public sealed class CloudWatchLogShipperTests
{
    private static CloudWatchLogShipper Ship(FakeCloudWatchLogs fake, HttpClient http, CloudWatchOptions options, TextWriter errors) =>
        new(new CloudWatchLogsClient(http, new Uri(fake.Endpoint), "us-east-1", () => new AwsSigningCredentials("AKIDEXAMPLE", "secret", null)),
            options, new CloudWatchEventFormatter("cruddur-cloudwatch-test"), "cruddur-cloudwatch-test - 2026/01/01T00.00.00 - test", errors);

    private static long Sequence(FakeLogEvent logEvent) =>
        JsonDocument.Parse(logEvent.Message).RootElement.GetProperty("state").GetProperty("Sequence").GetInt64();

    [Fact]
    public async Task Burst_50000Records_AllArriveInOrderInBatchesWithinLimits()
    {
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        using var http = new HttpClient();
        var log = new StringWriter();
        var errors = TextWriter.Synchronized(log);
        var options = new CloudWatchOptions { MaxQueuedMessages = 50_000, BatchPushInterval = TimeSpan.FromMilliseconds(200) };
        await using var shipper = Ship(fake, http, options, errors);
        using var provider = new CloudWatchLoggerProvider(shipper, new CloudWatchEventFormatter("cruddur-cloudwatch-test"));
        var logger = provider.CreateLogger("Cruddur.Tests.Burst");

        for (var sequence = 0; sequence < 50_000; sequence++)
        {
            logger.LogInformation("crud {Sequence} posted with some text to make the event realistic", sequence);
        }

        Assert.True(await shipper.FlushAsync(TimeSpan.FromSeconds(30)), log.ToString());
        var events = fake.Events("cruddur");
        Assert.Equal(50_000, events.Count);
        Assert.Equal(Enumerable.Range(0, 50_000).Select(sequence => (long)sequence), events.Select(Sequence));
        Assert.All(fake.Batches, batch => Assert.InRange(batch.Events.Count, 1, FakeCloudWatchLogs.MaxEvents));
        Assert.All(fake.Batches, batch => Assert.InRange(batch.Bytes, 1, FakeCloudWatchLogs.MaxBatchBytes));
        Assert.DoesNotContain(fake.Errors, error => error != "ResourceAlreadyExistsException");
        Assert.Equal(50_000, shipper.Sent);
        Assert.Equal(0, shipper.Dropped);
    }

    [Theory]
    [InlineData(FakeCloudWatchMode.ServerError)]
    [InlineData(FakeCloudWatchMode.Throttling)]
    public async Task Outage_ThenRecovery_NothingWithinQueueCapacityIsLost(FakeCloudWatchMode outage)
    {
        var outageLength = TimeSpan.FromSeconds(2);
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        using var http = new HttpClient();
        var log = new StringWriter();
        var errors = TextWriter.Synchronized(log);
        var options = new CloudWatchOptions { BatchPushInterval = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(400) };
        await using var shipper = Ship(fake, http, options, errors);
        var formatter = new CloudWatchEventFormatter("cruddur-cloudwatch-test");

        fake.Mode = outage;
        var started = DateTime.UtcNow;
        var sequence = 0;
        while (DateTime.UtcNow - started < outageLength)
        {
            for (var i = 0; i < 100; i++, sequence++)
            {
                shipper.Enqueue(new CloudWatchLogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                    formatter.Format(DateTimeOffset.UtcNow, LogLevel.Information, "outage", default, "crud", null,
                        [new("Sequence", sequence)], null, null)));
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.NotEmpty(fake.Errors);
        fake.Mode = FakeCloudWatchMode.Normal;
        Assert.True(await shipper.FlushAsync(TimeSpan.FromSeconds(15)), log.ToString());

        Assert.Equal(Enumerable.Range(0, sequence).Select(value => (long)value), fake.Events("cruddur").Select(Sequence).Order());
        Assert.Equal(0, shipper.Dropped);
        Assert.Contains("retrying", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogGroupDeleted_NextBatch_RecreatesGroupAndStreamAndResends()
    {
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        using var http = new HttpClient();
        var log = new StringWriter();
        var errors = TextWriter.Synchronized(log);
        await using var shipper = Ship(fake, http, new CloudWatchOptions { BatchPushInterval = TimeSpan.FromMilliseconds(100) }, errors);

        shipper.Enqueue(new CloudWatchLogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "first"));
        Assert.True(await shipper.FlushAsync(TimeSpan.FromSeconds(10)));
        fake.DeleteLogGroup("cruddur");
        shipper.Enqueue(new CloudWatchLogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "second"));
        Assert.True(await shipper.FlushAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(["second"], fake.Events("cruddur").Select(logEvent => logEvent.Message));
        Assert.Contains("ResourceNotFoundException", fake.Errors);
        Assert.Equal(2, fake.Operations.Count(operation => operation == "CreateLogGroup"));
        Assert.Equal(2, fake.Operations.Count(operation => operation == "CreateLogStream"));
    }

    [Fact]
    public async Task QueueFull_NewEventsDroppedCountedAndOneWarningQueued()
    {
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        using var http = new HttpClient();
        var log = new StringWriter();
        var errors = TextWriter.Synchronized(log);
        var options = new CloudWatchOptions { MaxQueuedMessages = 100, BatchPushInterval = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(200) };
        await using var shipper = Ship(fake, http, options, errors);

        fake.Mode = FakeCloudWatchMode.ServerError;
        for (var i = 0; i < 1_000; i++)
        {
            shipper.Enqueue(new CloudWatchLogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), $"event {i}"));
        }

        fake.Mode = FakeCloudWatchMode.Normal;
        Assert.True(await shipper.FlushAsync(TimeSpan.FromSeconds(10)), log.ToString());

        var messages = fake.Events("cruddur").Select(logEvent => logEvent.Message).ToList();
        Assert.Equal(1_000 - messages.Count + 1, shipper.Dropped);
        Assert.InRange(messages.Count, 101, 201);
        var warning = Assert.Single(messages, message => message.Contains("queue is full", StringComparison.Ordinal));
        Assert.Equal("Warning", JsonDocument.Parse(warning).RootElement.GetProperty("level").GetString());
    }

    [Fact]
    public async Task Batch_EventsSpanningMoreThan24Hours_SplitIntoAcceptedBatches()
    {
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        using var http = new HttpClient();
        var log = new StringWriter();
        var errors = TextWriter.Synchronized(log);
        await using var shipper = Ship(fake, http, new CloudWatchOptions { BatchPushInterval = TimeSpan.FromMilliseconds(100) }, errors);

        shipper.Enqueue(new CloudWatchLogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "fine"));
        Assert.True(await shipper.FlushAsync(TimeSpan.FromSeconds(10)));
        var old = DateTimeOffset.UtcNow.AddHours(-30).ToUnixTimeMilliseconds();
        shipper.Enqueue(new CloudWatchLogEvent(old, "day-old"));
        shipper.Enqueue(new CloudWatchLogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "now"));
        Assert.True(await shipper.FlushAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(["fine", "day-old", "now"], fake.Events("cruddur").Select(logEvent => logEvent.Message));
        Assert.DoesNotContain("InvalidParameterException", fake.Errors);
    }

    [Fact]
    public async Task EventsTooOldOrTooNew_RejectedLogEventsInfo_CountedAndTheRestStored()
    {
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        using var http = new HttpClient();
        await using var shipper = Ship(fake, http, new CloudWatchOptions { BatchPushInterval = TimeSpan.FromMilliseconds(100) }, TextWriter.Null);
        var now = DateTimeOffset.UtcNow;

        shipper.Enqueue(new CloudWatchLogEvent(now.AddDays(-15).ToUnixTimeMilliseconds(), "expired"));
        shipper.Enqueue(new CloudWatchLogEvent(now.ToUnixTimeMilliseconds(), "current"));
        shipper.Enqueue(new CloudWatchLogEvent(now.AddHours(3).ToUnixTimeMilliseconds(), "future"));
        Assert.True(await shipper.FlushAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(["current"], fake.Events("cruddur").Select(logEvent => logEvent.Message));
        Assert.Equal(2, shipper.Rejected);
        Assert.Equal(1, shipper.Sent);
    }

    [Fact]
    public async Task BatchRefused_InvalidParameter_DroppedCountedAndReportedOnce()
    {
        await using var fake = await FakeCloudWatchLogs.StartAsync();
        using var http = new HttpClient();
        var log = new StringWriter();
        await using var shipper = Ship(fake, http, new CloudWatchOptions { BatchPushInterval = TimeSpan.FromMilliseconds(100) }, TextWriter.Synchronized(log));
        fake.Mode = FakeCloudWatchMode.InvalidParameter;

        shipper.Enqueue(new CloudWatchLogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "refused 1"));
        Assert.True(await shipper.FlushAsync(TimeSpan.FromSeconds(10)));
        shipper.Enqueue(new CloudWatchLogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "refused 2"));
        Assert.True(await shipper.FlushAsync(TimeSpan.FromSeconds(10)));
        fake.Mode = FakeCloudWatchMode.Normal;
        shipper.Enqueue(new CloudWatchLogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "accepted"));
        Assert.True(await shipper.FlushAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(["accepted"], fake.Events("cruddur").Select(logEvent => logEvent.Message));
        Assert.Equal(2, shipper.Dropped);
        Assert.Single(log.ToString().Split('\n'), line => line.Contains("InvalidParameterException", StringComparison.Ordinal));
    }

    [Fact]
    public void Format_MessageOver256KB_TruncatedToOneEventWithIdentifyingFields()
    {
        var formatter = new CloudWatchEventFormatter("cruddur-cloudwatch-test");

        var json = formatter.Format(DateTimeOffset.UtcNow, LogLevel.Error, "Cruddur.Tests.Huge", new EventId(3), new string('é', 400_000),
            new InvalidOperationException(new string('x', 100_000)), [new("Payload", new string('y', 100_000))], null, null);

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(json) + CloudWatchLogBatch.EventOverheadBytes <= 256 * 1024);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.True(root.GetProperty("truncated").GetBoolean());
        Assert.Equal("Cruddur.Tests.Huge", root.GetProperty("category").GetString());
        Assert.EndsWith("[truncated]", root.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
