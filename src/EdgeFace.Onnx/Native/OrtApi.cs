using System.Runtime.CompilerServices;

namespace EdgeFace.Onnx.Native;

/// <summary>
/// Typed views of the OrtApi entries EdgeFace uses. The number in each accessor is the member's position in the
/// append-only OrtApi struct (onnxruntime_c_api.h, API version 29/30); the address is <c>table + index</c>.
/// Opaque ORT objects travel as <see cref="nint"/>; a returned non-zero <see cref="nint"/> is an OrtStatus*.
/// </summary>
internal static unsafe class OrtApi
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint F(int index) => OrtLibrary.Table[index];

    // Status
    internal static delegate* unmanaged<nint, int> GetErrorCode => (delegate* unmanaged<nint, int>)F(1);
    internal static delegate* unmanaged<nint, byte*> GetErrorMessage => (delegate* unmanaged<nint, byte*>)F(2);
    internal static delegate* unmanaged<nint, void> ReleaseStatus => (delegate* unmanaged<nint, void>)F(93);

    // Environment
    internal static delegate* unmanaged<int, byte*, nint*, nint> CreateEnv => (delegate* unmanaged<int, byte*, nint*, nint>)F(3);
    internal static delegate* unmanaged<nint, void> ReleaseEnv => (delegate* unmanaged<nint, void>)F(92);
    internal static delegate* unmanaged<byte***, int*, nint> GetAvailableProviders => (delegate* unmanaged<byte***, int*, nint>)F(125);
    internal static delegate* unmanaged<byte**, int, nint> ReleaseAvailableProviders => (delegate* unmanaged<byte**, int, nint>)F(126);
    internal static delegate* unmanaged<byte*> GetBuildInfoString => (delegate* unmanaged<byte*>)F(254);

    // Session options
    internal static delegate* unmanaged<nint*, nint> CreateSessionOptions => (delegate* unmanaged<nint*, nint>)F(10);
    internal static delegate* unmanaged<nint, int, nint> SetSessionLogSeverityLevel => (delegate* unmanaged<nint, int, nint>)F(22);
    internal static delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel => (delegate* unmanaged<nint, int, nint>)F(23);
    internal static delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads => (delegate* unmanaged<nint, int, nint>)F(24);
    internal static delegate* unmanaged<nint, int, nint> SetInterOpNumThreads => (delegate* unmanaged<nint, int, nint>)F(25);
    internal static delegate* unmanaged<nint, void> ReleaseSessionOptions => (delegate* unmanaged<nint, void>)F(100);
    internal static delegate* unmanaged<nint, byte*, byte*, nint> AddSessionConfigEntry => (delegate* unmanaged<nint, byte*, byte*, nint>)F(130);
    internal static delegate* unmanaged<nint, byte*, byte**, byte**, nuint, nint> SessionOptionsAppendExecutionProvider
        => (delegate* unmanaged<nint, byte*, byte**, byte**, nuint, nint>)F(216);
    internal static delegate* unmanaged<nint, nint, nint> SessionOptionsAppendExecutionProvider_TensorRT_V2 => (delegate* unmanaged<nint, nint, nint>)F(170);
    internal static delegate* unmanaged<nint*, nint> CreateTensorRTProviderOptions => (delegate* unmanaged<nint*, nint>)F(171);
    internal static delegate* unmanaged<nint, void> ReleaseTensorRTProviderOptions => (delegate* unmanaged<nint, void>)F(174);
    internal static delegate* unmanaged<nint, nint, nint> SessionOptionsAppendExecutionProvider_CUDA_V2 => (delegate* unmanaged<nint, nint, nint>)F(204);
    internal static delegate* unmanaged<nint*, nint> CreateCUDAProviderOptions => (delegate* unmanaged<nint*, nint>)F(205);
    internal static delegate* unmanaged<nint, void> ReleaseCUDAProviderOptions => (delegate* unmanaged<nint, void>)F(208);

    // Session
    internal static delegate* unmanaged<nint, byte*, nint, nint*, nint> CreateSession => (delegate* unmanaged<nint, byte*, nint, nint*, nint>)F(7);
    internal static delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray
        => (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)F(8);
    internal static delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run
        => (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)F(9);
    internal static delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount => (delegate* unmanaged<nint, nuint*, nint>)F(30);
    internal static delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount => (delegate* unmanaged<nint, nuint*, nint>)F(31);
    internal static delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo => (delegate* unmanaged<nint, nuint, nint*, nint>)F(33);
    internal static delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo => (delegate* unmanaged<nint, nuint, nint*, nint>)F(34);
    internal static delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName => (delegate* unmanaged<nint, nuint, nint, byte**, nint>)F(36);
    internal static delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName => (delegate* unmanaged<nint, nuint, nint, byte**, nint>)F(37);
    internal static delegate* unmanaged<nint, void> ReleaseSession => (delegate* unmanaged<nint, void>)F(95);

    // Run options
    internal static delegate* unmanaged<nint*, nint> CreateRunOptions => (delegate* unmanaged<nint*, nint>)F(39);
    internal static delegate* unmanaged<nint, void> ReleaseRunOptions => (delegate* unmanaged<nint, void>)F(97);

    // Values and type information
    internal static delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue
        => (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)F(49);
    internal static delegate* unmanaged<nint, void**, nint> GetTensorMutableData => (delegate* unmanaged<nint, void**, nint>)F(51);
    internal static delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo => (delegate* unmanaged<nint, nint*, nint>)F(55);
    internal static delegate* unmanaged<nint, int*, nint> GetOnnxTypeFromTypeInfo => (delegate* unmanaged<nint, int*, nint>)F(56);
    internal static delegate* unmanaged<nint, int*, nint> GetTensorElementType => (delegate* unmanaged<nint, int*, nint>)F(60);
    internal static delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount => (delegate* unmanaged<nint, nuint*, nint>)F(61);
    internal static delegate* unmanaged<nint, long*, nuint, nint> GetDimensions => (delegate* unmanaged<nint, long*, nuint, nint>)F(62);
    internal static delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape => (delegate* unmanaged<nint, nint*, nint>)F(65);
    internal static delegate* unmanaged<nint, void> ReleaseValue => (delegate* unmanaged<nint, void>)F(96);
    internal static delegate* unmanaged<nint, void> ReleaseTypeInfo => (delegate* unmanaged<nint, void>)F(98);
    internal static delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo => (delegate* unmanaged<nint, void>)F(99);

    // Memory
    internal static delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo => (delegate* unmanaged<int, int, nint*, nint>)F(69);
    internal static delegate* unmanaged<nint, void> ReleaseMemoryInfo => (delegate* unmanaged<nint, void>)F(94);
    internal static delegate* unmanaged<nint, void*, nint> AllocatorFree => (delegate* unmanaged<nint, void*, nint>)F(76);
    internal static delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions => (delegate* unmanaged<nint*, nint>)F(78);
}
