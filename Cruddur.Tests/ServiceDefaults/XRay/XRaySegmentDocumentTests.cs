using System.Diagnostics;
using System.Text.Json;
using Cruddur.ServiceDefaults.XRay;

namespace Cruddur.Tests.ServiceDefaults.XRay;

public sealed class XRaySegmentDocumentTests
{
    private static readonly Dictionary<string, object> Resource = new()
    {
        ["service.name"] = "cruddur-api",
        ["service.version"] = "1.2.3",
        ["host.name"] = "box",
    };

    public static TheoryData<ActivityKind, bool, string[], string> Names => new()
    {
        { ActivityKind.Server, true, [], "cruddur-api" },
        { ActivityKind.Server, false, [], "cruddur-api" },
        { ActivityKind.Internal, false, [], "cruddur-api" },
        { ActivityKind.Client, true, ["peer.service", "cruddur-api", "server.address", "127.0.0.1"], "cruddur-api" },
        { ActivityKind.Client, true, ["server.address", "api.internal", "http.host", "other"], "api.internal" },
        { ActivityKind.Client, true, ["http.host", "legacy.host"], "legacy.host" },
        { ActivityKind.Client, true, [], "GET" },
        { ActivityKind.Internal, true, [], "GET" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Write_KindAndAttributes_NamesDocument(ActivityKind kind, bool withParent, string[] tags, string expected)
    {
        var span = SpanFactory.Finished("GET", kind, withParent, Pairs(tags));

        var document = Parse(span);

        Assert.Equal(expected, document.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("mock-data", "mock-data")]
    [InlineData("GET /api/activities/{handle}", "GET /api/activities/handle")]
    [InlineData("ünïcode<>!?*", "ünïcode")]
    [InlineData("<>!", "span")]
    [InlineData("", "span")]
    public void SanitizeName_Characters_KeepsAllowedOnes(string name, string expected)
    {
        Assert.Equal(expected, XRaySegmentDocument.SanitizeName(name));
    }

    [Fact]
    public void SanitizeName_TooLong_CutAt200()
    {
        Assert.Equal(200, XRaySegmentDocument.SanitizeName(new string('a', 300)).Length);
    }

    [Theory]
    [InlineData(ActivityKind.Server, true, null, null)]
    [InlineData(ActivityKind.Server, false, null, null)]
    [InlineData(ActivityKind.Internal, false, null, null)]
    [InlineData(ActivityKind.Client, true, "subsegment", "remote")]
    [InlineData(ActivityKind.Internal, true, "subsegment", null)]
    [InlineData(ActivityKind.Producer, true, "subsegment", null)]
    public void Write_Kind_SegmentOrSubsegment(ActivityKind kind, bool withParent, string? type, string? ns)
    {
        var document = Parse(SpanFactory.Finished("work", kind, withParent));

        Assert.Equal(type, Optional(document, "type"));
        Assert.Equal(ns, Optional(document, "namespace"));
        Assert.Equal(withParent ? "53995c3f42cd8ad8" : null, Optional(document, "parent_id"));
    }

    [Fact]
    public void Write_AwsSdkClientSpan_NamespaceAws()
    {
        var document = Parse(SpanFactory.Finished("S3.GetObject", ActivityKind.Client, true, Pairs(["rpc.system", "aws-api"])));

        Assert.Equal("aws", document.GetProperty("namespace").GetString());
    }

    [Fact]
    public void Write_AnySpan_RequiredFieldsInXRayFormat()
    {
        var span = SpanFactory.Finished("work", ActivityKind.Server, true);

        var document = Parse(span);

        Assert.Equal(span.SpanId.ToHexString(), document.GetProperty("id").GetString());
        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", document.GetProperty("trace_id").GetString());
        var start = document.GetProperty("start_time").GetDouble();
        var end = document.GetProperty("end_time").GetDouble();
        Assert.Equal((span.StartTimeUtc - DateTime.UnixEpoch).TotalSeconds, start, 0.000_01);
        Assert.Equal(span.Duration.TotalSeconds, end - start, 0.000_01);
        Assert.False(document.TryGetProperty("in_progress", out _));
    }

    [Theory]
    [InlineData(new[] { "url.full", "http://x:8080/a?b=1", "url.scheme", "https", "server.address", "y" }, "http://x:8080/a?b=1")]
    [InlineData(new[] { "url.scheme", "http", "server.address", "api", "server.port", "80", "url.path", "/api/activities/home" }, "http://api/api/activities/home")]
    [InlineData(new[] { "url.scheme", "https", "server.address", "api", "server.port", "443", "url.path", "/x" }, "https://api/x")]
    [InlineData(new[] { "url.scheme", "http", "server.address", "127.0.0.1", "server.port", "5000", "url.path", "/x", "url.query", "q=1" }, "http://127.0.0.1:5000/x?q=1")]
    [InlineData(new[] { "url.scheme", "http", "server.address", "127.0.0.1", "server.port", "5000", "url.path", "/x", "url.query", "?q=Redacted" }, "http://127.0.0.1:5000/x?q=Redacted")]
    [InlineData(new[] { "url.scheme", "http", "http.host", "legacy", "url.path", "/x" }, "http://legacy/x")]
    public void Write_UrlAttributes_BuildsRequestUrl(string[] tags, string expected)
    {
        var pairs = Pairs(tags).Append(new("http.request.method", "GET"));

        var request = Parse(SpanFactory.Finished("GET", ActivityKind.Server, false, pairs)).GetProperty("http").GetProperty("request");

        Assert.Equal(expected, request.GetProperty("url").GetString());
    }

    [Fact]
    public void Write_HttpServerSpan_FillsHttpBlock()
    {
        var span = SpanFactory.Finished("GET /api/activities/home", ActivityKind.Server, true, [
            new("http.request.method", "GET"),
            new("url.full", "http://api/api/activities/home"),
            new("user_agent.original", "curl/8"),
            new("client.address", "10.0.0.7"),
            new("network.peer.address", "10.0.0.1"),
            new("http.response.status_code", 200),
            new("http.response.body.size", 512L),
        ]);

        var http = Parse(span).GetProperty("http");

        Assert.Equal("GET", http.GetProperty("request").GetProperty("method").GetString());
        Assert.Equal("curl/8", http.GetProperty("request").GetProperty("user_agent").GetString());
        Assert.Equal("10.0.0.7", http.GetProperty("request").GetProperty("client_ip").GetString());
        Assert.True(http.GetProperty("request").GetProperty("x_forwarded_for").GetBoolean());
        Assert.Equal(200, http.GetProperty("response").GetProperty("status").GetInt32());
        Assert.Equal(512, http.GetProperty("response").GetProperty("content_length").GetInt32());
    }

    [Theory]
    [InlineData("not-an-ip", false)]
    [InlineData("::1", true)]
    public void Write_ClientAddress_OnlyValidIpBecomesClientIp(string address, bool kept)
    {
        var span = SpanFactory.Finished("GET", ActivityKind.Server, false, [new("http.request.method", "GET"), new("client.address", address)]);

        var request = Parse(span).GetProperty("http").GetProperty("request");

        Assert.Equal(kept, request.TryGetProperty("client_ip", out _));
    }

    [Fact]
    public void Write_NoHttpAttributes_NoHttpBlock()
    {
        Assert.False(Parse(SpanFactory.Finished("mock-data", ActivityKind.Internal, true)).TryGetProperty("http", out _));
    }

    [Theory]
    [InlineData(200, ActivityStatusCode.Unset, false, false, false)]
    [InlineData(404, ActivityStatusCode.Unset, true, false, false)]
    [InlineData(422, ActivityStatusCode.Unset, true, false, false)]
    [InlineData(429, ActivityStatusCode.Unset, true, true, false)]
    [InlineData(500, ActivityStatusCode.Error, false, false, true)]
    [InlineData(503, ActivityStatusCode.Unset, false, false, true)]
    [InlineData(0, ActivityStatusCode.Error, false, false, true)]
    [InlineData(0, ActivityStatusCode.Ok, false, false, false)]
    public void Write_StatusCodeAndStatus_SetsErrorThrottleFault(int status, ActivityStatusCode code, bool error, bool throttle, bool fault)
    {
        var tags = status == 0 ? [] : new KeyValuePair<string, object?>[] { new("http.response.status_code", status) };
        var span = SpanFactory.Finished("GET", ActivityKind.Server, false, tags, activity => activity.SetStatus(code));

        var document = Parse(span);

        Assert.Equal(error, Flag(document, "error"));
        Assert.Equal(throttle, Flag(document, "throttle"));
        Assert.Equal(fault, Flag(document, "fault"));
    }

    [Fact]
    public void Write_ExceptionEvent_BecomesCauseWithStack()
    {
        var span = SpanFactory.Finished("GET", ActivityKind.Server, false, null, activity =>
        {
            activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
            {
                ["exception.type"] = "System.InvalidOperationException",
                ["exception.message"] = "boom",
                ["exception.stacktrace"] = "System.InvalidOperationException: boom\n   at Cruddur.Api.Services.HomeActivities.Run() in /src/Cruddur.Api/Services/HomeActivities.cs:line 42\n   at Cruddur.Api.Apis.ActivitiesApi.Home(HttpContext context)\n--- End of stack trace from previous location ---",
            }));
            activity.SetStatus(ActivityStatusCode.Error, "boom");
        });

        var exception = Parse(span).GetProperty("cause").GetProperty("exceptions")[0];

        Assert.Matches("^[0-9a-f]{16}$", exception.GetProperty("id").GetString());
        Assert.Equal("boom", exception.GetProperty("message").GetString());
        Assert.Equal("System.InvalidOperationException", exception.GetProperty("type").GetString());
        Assert.False(exception.GetProperty("remote").GetBoolean());
        var stack = exception.GetProperty("stack");
        Assert.Equal(2, stack.GetArrayLength());
        Assert.Equal("Cruddur.Api.Services.HomeActivities.Run()", stack[0].GetProperty("label").GetString());
        Assert.Equal("/src/Cruddur.Api/Services/HomeActivities.cs", stack[0].GetProperty("path").GetString());
        Assert.Equal(42, stack[0].GetProperty("line").GetInt32());
        Assert.Equal("Cruddur.Api.Apis.ActivitiesApi.Home(HttpContext context)", stack[1].GetProperty("label").GetString());
        Assert.False(stack[1].TryGetProperty("path", out _));
    }

    [Fact]
    public void Write_ErrorStatusWithoutExceptionEvent_CauseCarriesDescription()
    {
        var span = SpanFactory.Finished("GET", ActivityKind.Client, true, null, activity => activity.SetStatus(ActivityStatusCode.Error, "connection refused"));

        var exception = Parse(span).GetProperty("cause").GetProperty("exceptions")[0];

        Assert.Equal("connection refused", exception.GetProperty("message").GetString());
    }

    [Fact]
    public void Write_AnnotationsListed_AnnotatedAndRestInMetadata()
    {
        var span = SpanFactory.Finished("mock-data", ActivityKind.Internal, true, [
            new("aws.xray.annotations", new[] { "app.user-handle", "app.count", "app.flag", "app.list", "app.missing" }),
            new("app.user-handle", "andrewbrown"),
            new("app.count", 3),
            new("app.flag", true),
            new("app.list", new[] { 1, 2 }),
            new("app.now", "2026-11-21"),
        ]);

        var document = Parse(span);

        var annotations = document.GetProperty("annotations");
        Assert.Equal("andrewbrown", annotations.GetProperty("app_user_handle").GetString());
        Assert.Equal(3, annotations.GetProperty("app_count").GetInt32());
        Assert.True(annotations.GetProperty("app_flag").GetBoolean());
        Assert.Equal(3, annotations.EnumerateObject().Count());
        var metadata = document.GetProperty("metadata").GetProperty("default");
        Assert.Equal("2026-11-21", metadata.GetProperty("app.now").GetString());
        Assert.Equal(2, metadata.GetProperty("app.list").GetArrayLength());
        Assert.False(metadata.TryGetProperty("app.count", out _));
        Assert.False(metadata.TryGetProperty("aws.xray.annotations", out _));
    }

    [Fact]
    public void Write_AnnotationsAsCommaList_Accepted()
    {
        var span = SpanFactory.Finished("x", ActivityKind.Internal, true, [new("aws.xray.annotations", "a, b"), new("a", "1"), new("b", 2.5)]);

        var annotations = Parse(span).GetProperty("annotations");

        Assert.Equal("1", annotations.GetProperty("a").GetString());
        Assert.Equal(2.5, annotations.GetProperty("b").GetDouble());
    }

    [Fact]
    public void Write_SixtyAnnotations_KeepsFifty()
    {
        var keys = Enumerable.Range(0, 60).Select(i => $"k{i}").ToArray();
        var tags = keys.Select(key => new KeyValuePair<string, object?>(key, 1)).Append(new("aws.xray.annotations", keys));

        var annotations = Parse(SpanFactory.Finished("x", ActivityKind.Internal, true, tags)).GetProperty("annotations");

        Assert.Equal(50, annotations.EnumerateObject().Count());
    }

    [Fact]
    public void Write_ReservedAwsMetadataKey_Skipped()
    {
        var span = SpanFactory.Finished("x", ActivityKind.Internal, true, [new("AWS.secret", "x"), new("app.ok", "y")]);

        var metadata = Parse(span).GetProperty("metadata").GetProperty("default");

        Assert.False(metadata.TryGetProperty("AWS.secret", out _));
        Assert.Equal("y", metadata.GetProperty("app.ok").GetString());
    }

    [Theory]
    [InlineData(ActivityKind.Server, true, true)]
    [InlineData(ActivityKind.Internal, false, true)]
    [InlineData(ActivityKind.Client, true, false)]
    [InlineData(ActivityKind.Internal, true, false)]
    public void Write_ResourceAttributes_OnlyOnSegments(ActivityKind kind, bool withParent, bool onSegment)
    {
        var document = Parse(SpanFactory.Finished("x", kind, withParent, [new("app.x", 1)]));

        var metadata = document.GetProperty("metadata").GetProperty("default");
        Assert.Equal(onSegment, metadata.TryGetProperty("otel.resource.host.name", out _));
        Assert.Equal(onSegment, metadata.TryGetProperty("otel.resource.service.name", out _));
        Assert.Equal(onSegment ? "1.2.3" : null, document.TryGetProperty("service", out var service) ? service.GetProperty("version").GetString() : null);
    }

    [Theory]
    [InlineData("aws_ecs", "AWS::ECS::Container")]
    [InlineData("aws_ec2", "AWS::EC2::Instance")]
    [InlineData("aws_eks", "AWS::EKS::Container")]
    [InlineData("gcp_compute_engine", null)]
    [InlineData(null, null)]
    public void Write_CloudPlatform_SetsOrigin(string? platform, string? origin)
    {
        var resource = new Dictionary<string, object>(Resource);
        if (platform is not null)
        {
            resource["cloud.platform"] = platform;
        }

        var segment = Parse(SpanFactory.Finished("x", ActivityKind.Server, false), resource);
        var subsegment = Parse(SpanFactory.Finished("x", ActivityKind.Client, true), resource);

        Assert.Equal(origin, Optional(segment, "origin"));
        Assert.Null(Optional(subsegment, "origin"));
    }

    [Fact]
    public void Write_EndUserId_BecomesUser()
    {
        var document = Parse(SpanFactory.Finished("x", ActivityKind.Server, true, [new("enduser.id", "andrewbrown")]));

        Assert.Equal("andrewbrown", document.GetProperty("user").GetString());
        Assert.False(document.GetProperty("metadata").GetProperty("default").TryGetProperty("enduser.id", out _));
    }

    [Fact]
    public void Write_WithoutMetadata_DropsOnlyMetadata()
    {
        var span = SpanFactory.Finished("x", ActivityKind.Server, true, [new("app.big", new string('x', 1000)), new("http.request.method", "GET")]);

        var document = JsonDocument.Parse(XRaySegmentDocument.Write(span, Resource, includeMetadata: false)).RootElement;

        Assert.False(document.TryGetProperty("metadata", out _));
        Assert.Equal("GET", document.GetProperty("http").GetProperty("request").GetProperty("method").GetString());
    }

    private static JsonElement Parse(Activity span, IReadOnlyDictionary<string, object>? resource = null) =>
        JsonDocument.Parse(XRaySegmentDocument.Write(span, resource ?? Resource)).RootElement;

    private static string? Optional(JsonElement document, string name) =>
        document.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static bool Flag(JsonElement document, string name) =>
        document.TryGetProperty(name, out var value) && value.GetBoolean();

    private static IEnumerable<KeyValuePair<string, object?>> Pairs(string[] flat)
    {
        for (var i = 0; i < flat.Length; i += 2)
        {
            yield return new(flat[i], flat[i + 1]);
        }
    }
}
