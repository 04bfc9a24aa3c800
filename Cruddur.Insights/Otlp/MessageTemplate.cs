using System.Text;
using Cruddur.Insights.Storage;

namespace Cruddur.Insights.Otlp;

/// <summary>.NET loggers send "Home for {User}" plus a User attribute; show the message a reader expects.</summary>
internal static class MessageTemplate
{
    public static string Render(string body, TelemetryAttribute[] attributes)
    {
        if (!body.Contains('{', StringComparison.Ordinal) || attributes.Length == 0)
        {
            return body;
        }
        var result = new StringBuilder(body.Length + 32);
        var i = 0;
        while (i < body.Length)
        {
            var open = body.IndexOf('{', i);
            var close = open < 0 ? -1 : body.IndexOf('}', open + 1);
            if (open < 0 || close < 0)
            {
                result.Append(body, i, body.Length - i);
                break;
            }
            result.Append(body, i, open - i);
            var hole = body[(open + 1)..close];
            var name = hole.Split(':', ',')[0].TrimStart('@', '$');
            var value = Array.Find(attributes, a => a.Key == name);
            result.Append(value.Key is null ? body[open..(close + 1)] : value.Value);
            i = close + 1;
        }
        return result.ToString();
    }
}
