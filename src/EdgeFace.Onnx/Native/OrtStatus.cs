using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeFace.Onnx.Native;

/// <summary>Turns a returned OrtStatus* into an exception (null status means success) and frees it.</summary>
internal static unsafe class OrtStatus
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(nint status)
    {
        if (status != 0) Throw(status);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(nint status)
    {
        var code = (OrtErrorCode)OrtApi.GetErrorCode(status);
        string message = Marshal.PtrToStringUTF8((nint)OrtApi.GetErrorMessage(status)) ?? "(no message)";
        OrtApi.ReleaseStatus(status);
        throw new OnnxRuntimeException(code, message);
    }
}
