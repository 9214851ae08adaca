using System.Runtime.InteropServices;
using EdgeFace.Onnx.Native.Handles;

namespace EdgeFace.Onnx.Native;

/// <summary>Session creation and the model's declared inputs and outputs.</summary>
internal static unsafe class NativeSession
{
    private const int OnnxTypeTensor = 1;

    internal static OrtSessionHandle CreateFromFile(OrtEnvHandle env, string path, OrtSessionOptionsHandle options)
    {
        // ORTCHAR_T is char (UTF-8) on Linux.
        byte[] p = Utf8Z.Encode(path);
        nint session;
        fixed (byte* pp = p) OrtStatus.Check(OrtApi.CreateSession(env.Pointer, pp, options.Pointer, &session));
        return new OrtSessionHandle(session);
    }

    internal static OrtSessionHandle CreateFromBytes(OrtEnvHandle env, ReadOnlySpan<byte> model, OrtSessionOptionsHandle options)
    {
        // ORT parses the bytes during the call and keeps no reference to them afterwards.
        nint session;
        fixed (byte* pm = model) OrtStatus.Check(OrtApi.CreateSessionFromArray(env.Pointer, pm, (nuint)model.Length, options.Pointer, &session));
        return new OrtSessionHandle(session);
    }

    internal static NodeMetadata[] Inputs(OrtSessionHandle session) => Nodes(session, output: false);

    internal static NodeMetadata[] Outputs(OrtSessionHandle session) => Nodes(session, output: true);

    private static NodeMetadata[] Nodes(OrtSessionHandle session, bool output)
    {
        nint s = session.Pointer;
        nuint count;
        OrtStatus.Check(output ? OrtApi.SessionGetOutputCount(s, &count) : OrtApi.SessionGetInputCount(s, &count));
        nint allocator;
        OrtStatus.Check(OrtApi.GetAllocatorWithDefaultOptions(&allocator));
        var nodes = new NodeMetadata[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* namePtr;
            OrtStatus.Check(output ? OrtApi.SessionGetOutputName(s, i, allocator, &namePtr) : OrtApi.SessionGetInputName(s, i, allocator, &namePtr));
            string name;
            try { name = Marshal.PtrToStringUTF8((nint)namePtr) ?? ""; }
            finally { OrtStatus.Check(OrtApi.AllocatorFree(allocator, namePtr)); }

            nint typeInfo;
            OrtStatus.Check(output ? OrtApi.SessionGetOutputTypeInfo(s, i, &typeInfo) : OrtApi.SessionGetInputTypeInfo(s, i, &typeInfo));
            try { nodes[(int)i] = Describe(name, typeInfo); }
            finally { OrtApi.ReleaseTypeInfo(typeInfo); }
        }
        return nodes;
    }

    private static NodeMetadata Describe(string name, nint typeInfo)
    {
        int onnxType;
        OrtStatus.Check(OrtApi.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType));
        if (onnxType != OnnxTypeTensor) return new NodeMetadata(name, TensorElementType.Undefined, []);
        nint tensorInfo; // borrowed from typeInfo: not released separately
        OrtStatus.Check(OrtApi.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
        return new NodeMetadata(name, ElementType(tensorInfo), Shape(tensorInfo));
    }

    internal static TensorElementType ElementType(nint tensorInfo)
    {
        int type;
        OrtStatus.Check(OrtApi.GetTensorElementType(tensorInfo, &type));
        return (TensorElementType)type;
    }

    internal static long[] Shape(nint tensorInfo)
    {
        nuint rank;
        OrtStatus.Check(OrtApi.GetDimensionsCount(tensorInfo, &rank));
        var shape = new long[(int)rank];
        fixed (long* p = shape) OrtStatus.Check(OrtApi.GetDimensions(tensorInfo, p, rank));
        return shape;
    }
}
