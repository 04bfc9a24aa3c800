using System.Diagnostics;
using Cruddur.ServiceDefaults.XRay;

namespace Cruddur.Tests.ServiceDefaults.XRay;

public sealed class XRayTraceHeaderTests
{
    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", "53995c3f42cd8ad8", XRaySampling.Sampled)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0", "53995c3f42cd8ad8", XRaySampling.NotSampled)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=?", "53995c3f42cd8ad8", XRaySampling.Requested)]
    [InlineData(" Root = 1-5759e988-bd862e3fe1be46a994272793 ; Parent=53995C3F42CD8AD8 ", "53995c3f42cd8ad8", XRaySampling.Absent)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793", null, XRaySampling.Absent)]
    [InlineData("Sampled=1;Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", "53995c3f42cd8ad8", XRaySampling.Sampled)]
    public void TryParse_ValidHeader_ReadsParts(string value, string? parent, XRaySampling sampled)
    {
        Assert.True(XRayTraceHeader.TryParse(value, out var header));

        Assert.Equal("5759e988bd862e3fe1be46a994272793", header.TraceId.ToHexString());
        Assert.Equal(parent, header.Parent?.ToHexString());
        Assert.Equal(sampled, header.Sampled);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279")]
    [InlineData("Root=2-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279z")]
    [InlineData("Root=1-00000000-000000000000000000000000")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Root=1-5759e988-bd862e3fe1be46a994272794")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;novalue")]
    public void TryParse_MalformedHeader_ReturnsFalse(string value)
    {
        Assert.False(XRayTraceHeader.TryParse(value, out _));
    }

    [Fact]
    public void TryParse_ExtraKeys_KeptInOrderAndFormattedBack()
    {
        const string value = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1|68fd508a:5;Self=x";

        Assert.True(XRayTraceHeader.TryParse(value, out var header));

        Assert.Equal(["Lineage", "Self"], header.Extra.Select(pair => pair.Key));
        Assert.Equal("a87bd80c:1|68fd508a:5", header.Extra[0].Value);
        Assert.Equal(value, header.ToString());
    }

    [Theory]
    [InlineData(XRaySampling.Sampled, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData(XRaySampling.NotSampled, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0")]
    [InlineData(XRaySampling.Requested, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=?")]
    [InlineData(XRaySampling.Absent, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8")]
    public void ToString_Sampling_FormatsHeader(XRaySampling sampled, string expected)
    {
        var header = new XRayTraceHeader(
            ActivityTraceId.CreateFromString("5759e988bd862e3fe1be46a994272793"),
            ActivitySpanId.CreateFromString("53995c3f42cd8ad8"),
            sampled,
            []);

        Assert.Equal(expected, header.ToString());
    }
}
