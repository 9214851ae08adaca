namespace EdgeFace.Onnx;

/// <summary>Session configuration keys EdgeFace sets (ONNX Runtime's onnxruntime_session_options_config_keys.h).</summary>
public static class SessionConfigKeys
{
    /// <summary>
    /// "1" makes the x86-64 CPU provider run quantized convolutions and matrix products as U8U8 instead of U8S8.
    /// Without VNNI (SSE4.1, AVX2, AVX-512 without VNNI) the U8S8 kernels add pairs of u8×s8 products in saturating
    /// 16-bit lanes, which overflows on real activations: kpnet-int8 then differs from its unoptimised graph by up to
    /// 0.5 in <c>scale</c>. The rewrite happens during graph optimisation and only touches int8 operators, so it costs
    /// nothing on float models or on ARM, where the key is ignored.
    /// </summary>
    public const string X64QuantPrecision = "session.x64quantprecision";
}
