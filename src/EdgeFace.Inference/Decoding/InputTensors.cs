using System.Numerics;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging;
using EdgeFace.Inference.Manifest;
using EdgeFace.Onnx;

namespace EdgeFace.Inference.Decoding;

/// <summary>Turns a manifest's input description into the Imaging tensor spec and fills bound input tensors.</summary>
public static class InputTensors
{
    public static TensorSpec Spec(ModelInputSpec input) => new(
        input.Width, input.Height,
        input.Color == "bgr" ? ChannelOrder.Bgr : ChannelOrder.Rgb,
        new Vector3(input.Mean[0], input.Mean[1], input.Mean[2]),
        new Vector3(input.Scale[0], input.Scale[1], input.Scale[2]));

    /// <summary>Resizes <paramref name="image"/> into the bound input (float32, or uint8 when <paramref name="bytes"/> is set) and returns the frame→tensor map.</summary>
    public static LetterboxMap Resize(in ImageView image, BoundRun run, int inputIndex, in TensorSpec spec, bool bytes, bool letterbox) => bytes
        ? TensorWriter.Resize(image, run.Input<byte>(inputIndex), spec, letterbox)
        : TensorWriter.Resize(image, run.Input<float>(inputIndex), spec, letterbox);

    /// <summary>Resizes <paramref name="image"/> into a spare input buffer (a tensor written ahead) and returns the frame→tensor map.</summary>
    public static LetterboxMap Resize(in ImageView image, InputBuffer buffer, in TensorSpec spec, bool bytes, bool letterbox) => bytes
        ? TensorWriter.Resize(image, buffer.As<byte>(), spec, letterbox)
        : TensorWriter.Resize(image, buffer.As<float>(), spec, letterbox);
}
