using Microsoft.ML.OnnxRuntime.Tensors;

using EdgeFace.Onnx.Tests.OnnxModels;

namespace EdgeFace.Onnx.Tests;

/// <summary>The small models the tests run.</summary>
public static class TestModels
{
    /// <summary>z = x + y over [1,3,4,4].</summary>
    public static byte[] Add() => new OnnxModelBuilder("add")
        .Input("x", TensorElementType.Float, 1, 3, 4, 4)
        .Input("y", TensorElementType.Float, 1, 3, 4, 4)
        .Output("z", TensorElementType.Float, 1, 3, 4, 4)
        .Node("Add", ["x", "y"], ["z"])
        .Build();

    /// <summary>y = sigmoid(conv3x3(x, w) + b), one channel in, two out, padding 1: [1,1,5,6] -> [1,2,5,6].</summary>
    public static byte[] ConvSigmoid(float[] weights, float[] bias) => new OnnxModelBuilder("conv")
        .Input("image", TensorElementType.Float, 1, 1, 5, 6)
        .Output("prob", TensorElementType.Float, 1, 2, 5, 6)
        .Initializer("w", weights, 2, 1, 3, 3)
        .Initializer("b", bias, 2)
        .Node("Conv", ["image", "w", "b"], ["logits"], AttributeProto.IntList("kernel_shape", 3, 3), AttributeProto.IntList("pads", 1, 1, 1, 1))
        .Node("Sigmoid", ["logits"], ["prob"])
        .Build();

    /// <summary>y = float(x) * 2 for a uint8 input [1,3,2,2].</summary>
    public static byte[] CastDouble() => new OnnxModelBuilder("cast")
        .Input("pixels", TensorElementType.UInt8, 1, 3, 2, 2)
        .Output("scaled", TensorElementType.Float, 1, 3, 2, 2)
        .Initializer("two", [2f])
        .Node("Cast", ["pixels"], ["f"], AttributeProto.IntValue("to", (long)TensorElementType.Float))
        .Node("Mul", ["f", "two"], ["scaled"])
        .Build();

    /// <summary>y = relu(x) over [N, 4] with a free batch dimension.</summary>
    public static byte[] DynamicRelu() => new OnnxModelBuilder("relu")
        .Input("x", TensorElementType.Float, -1, 4)
        .Output("y", TensorElementType.Float, -1, 4)
        .Node("Relu", ["x"], ["y"])
        .Build();
}
