using System.Text;

namespace EdgeFace.Onnx.Native;

/// <summary>Zero-terminated UTF-8 copies of managed strings, for one-off calls (not the per-frame path).</summary>
internal static class Utf8Z
{
    internal static byte[] Encode(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
