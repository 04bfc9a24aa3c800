using System.Buffers.Binary;
using System.Text;

namespace Cruddur.Insights.Otlp.Wire;

/// <summary>
/// Reads protobuf's wire format from a span, field by field, with Google.Protobuf's rules for what is
/// malformed (truncation, a zero field number, wire types 6 and 7, a stray end-group, varints past 10
/// bytes, nesting past 100 messages). Strings decode as UTF-8 with replacement, as older Google.Protobuf did
/// (3.36, the version served now, refuses the whole message instead).
/// </summary>
internal ref struct ProtoReader
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireStartGroup = 3;
    public const int WireEndGroup = 4;
    public const int WireFixed32 = 5;

    /// <summary>Google.Protobuf's default recursion limit.</summary>
    private const int MaxDepth = 100;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _depth;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data)
        : this(data, 0)
    {
    }

    private ProtoReader(ReadOnlySpan<byte> data, int depth)
    {
        _data = data;
        _depth = depth;
        _position = 0;
    }

    /// <summary>The next field's tag (field number × 8 + wire type), or false at the end.</summary>
    public bool TryReadTag(out uint tag)
    {
        if (_position >= _data.Length)
        {
            tag = 0;
            return false;
        }
        tag = (uint)ReadVarint();
        if (tag >> 3 == 0)
        {
            throw Malformed("a field number of zero");
        }
        if ((tag & 7) is 6 or 7)
        {
            throw Malformed($"wire type {tag & 7}");
        }
        if ((tag & 7) == WireEndGroup)
        {
            throw Malformed("an end-group tag without its start-group");
        }
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Malformed("a truncated varint");
            }
            var b = _data[_position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw Malformed("a varint longer than 10 bytes");
    }

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = (int)ReadVarint();
        if (length < 0)
        {
            throw Malformed("a negative length");
        }
        return Take(length);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>A reader over an embedded message, one level deeper.</summary>
    public ProtoReader ReadMessage()
    {
        if (_depth >= MaxDepth)
        {
            throw Malformed($"messages nested more than {MaxDepth} deep");
        }
        return new ProtoReader(ReadBytes(), _depth + 1);
    }

    /// <summary>Skips a field this reader does not use (unknown, or a known one with an unexpected wire type).</summary>
    public void Skip(uint tag)
    {
        switch ((int)(tag & 7))
        {
            case WireVarint:
                ReadVarint();
                break;
            case WireFixed64:
                Take(8);
                break;
            case WireLengthDelimited:
                ReadBytes();
                break;
            case WireFixed32:
                Take(4);
                break;
            case WireStartGroup:
                SkipGroup(tag >> 3, _depth);
                break;
        }
    }

    private void SkipGroup(uint field, int depth)
    {
        if (depth >= MaxDepth)
        {
            throw Malformed($"groups nested more than {MaxDepth} deep");
        }
        while (true)
        {
            if (_position >= _data.Length)
            {
                throw Malformed("a group without its end");
            }
            var tag = (uint)ReadVarint();
            var wire = (int)(tag & 7);
            if (tag >> 3 == 0 || wire is 6 or 7)
            {
                throw Malformed("an invalid tag inside a group");
            }
            if (wire == WireEndGroup)
            {
                if (tag >> 3 != field)
                {
                    throw Malformed("an end-group tag of another group");
                }
                return;
            }
            if (wire == WireStartGroup)
            {
                SkipGroup(tag >> 3, depth + 1);
            }
            else
            {
                Skip(tag);
            }
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Malformed("a truncated field");
        }
        var taken = _data.Slice(_position, count);
        _position += count;
        return taken;
    }

    private static OtlpPayloadException Malformed(string what) =>
        new(OtlpRejection.Malformed, "Invalid OTLP protobuf: " + what + ".");
}
