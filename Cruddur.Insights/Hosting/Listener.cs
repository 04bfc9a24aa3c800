namespace Cruddur.Insights.Hosting;

/// <summary>The three Kestrel endpoints of the one process.</summary>
internal enum Listener
{
    Frontend,
    OtlpGrpc,
    OtlpHttp,
}
