namespace Cruddur.Insights.Otlp;

/// <summary>Why a payload was refused; maps to an HTTP status.</summary>
internal sealed class OtlpPayloadException(OtlpRejection rejection, string message) : Exception(message)
{
    public OtlpRejection Rejection { get; } = rejection;
}

internal enum OtlpRejection
{
    Malformed,
    TooLarge,
    UnsupportedMediaType,
}
