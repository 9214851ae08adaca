using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeFace.Messaging.Outbox;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of every outbox record. Uses the CPU's CRC instructions (SSE4.2 on x86,
/// the ARMv8 CRC extension on Raspberry Pi 4/5, Rockchip and Jetson) with a table fallback.
/// </summary>
public static class Crc32C
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFFu, data);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        int i = 0;
        if (Sse42.X64.IsSupported)
        {
            ulong c = crc;
            for (; i + 8 <= data.Length; i += 8) c = Sse42.X64.Crc32(c, BitConverter.ToUInt64(data.Slice(i, 8)));
            crc = (uint)c;
            for (; i < data.Length; i++) crc = Sse42.Crc32(crc, data[i]);
            return crc;
        }
        if (Crc32.Arm64.IsSupported)
        {
            for (; i + 8 <= data.Length; i += 8) crc = Crc32.Arm64.ComputeCrc32C(crc, BitConverter.ToUInt64(data.Slice(i, 8)));
            for (; i < data.Length; i++) crc = Crc32.ComputeCrc32C(crc, data[i]);
            return crc;
        }
        return UpdateTable(crc, data);
    }

    /// <summary>The portable path; public so tests can check that both paths agree.</summary>
    public static uint ComputeWithTable(ReadOnlySpan<byte> data) => ~UpdateTable(0xFFFFFFFFu, data);

    private static uint UpdateTable(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }
}
