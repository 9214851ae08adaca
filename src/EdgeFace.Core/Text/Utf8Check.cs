using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace EdgeFace.Core.Text;

/// <summary>
/// Finds where bytes stop being UTF-8, for clear errors on JSON from files and MQTT: System.Text.Json refuses invalid
/// UTF-8 only when a string is read (deep inside whatever uses it), and File.ReadAllText silently replaces it.
/// </summary>
public static class Utf8Check
{
    /// <summary>The offset of the first byte that is not valid UTF-8, or -1 when all of it is.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return -1;
        int i = 0;
        while (i < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out int consumed) != OperationStatus.Done) return i;
            i += consumed;
        }
        return -1;
    }

    /// <summary>"line L, byte B" (both from 1) of an offset, for messages.</summary>
    public static string Place(ReadOnlySpan<byte> bytes, int offset)
    {
        var before = bytes[..offset];
        int line = before.Count((byte)'\n') + 1;
        int column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return $"line {line}, byte {column}";
    }
}
