using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cruddur.ServiceDefaults.Http;

/// <summary>
/// HEAD wherever GET is answered, as HTTP asks (RFC 9110 §9.3.2) and the original's Flask routes did: the
/// same handler runs and Kestrel sends its status and headers without the body. ASP.NET Core's
/// <c>MapGet</c> alone answers HEAD with 405.
/// </summary>
public static class HeadRequests
{
    /// <summary>Lets every GET endpoint of <paramref name="builder"/> (an endpoint or a whole group) answer HEAD too.</summary>
    public static TBuilder AnswerHead<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            // The last method metadata is the one routing reads.
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault();
            if (methods is not null && methods.HttpMethods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase)
                && !methods.HttpMethods.Contains(HttpMethods.Head, StringComparer.OrdinalIgnoreCase))
            {
                endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
            }
        });
        return builder;
    }
}
