using EdgeFace.TestSupport;
using System.Numerics;
using EdgeFace.Core.Frames;

namespace EdgeFace.Imaging.Tests;

public class AllocationTests
{
    [Theory]
    [InlineData(PixelFormat.Yuyv)]
    [InlineData(PixelFormat.Nv12)]
    [InlineData(PixelFormat.I420)]
    [InlineData(PixelFormat.Rgb24)]
    public void Resize_and_warp_allocate_nothing_per_call(PixelFormat format)
    {
        const int w = 160, h = 120;
        int stride = PixelFormatInfo.MinimumStride(format, w);
        var data = TestImages.Random(format, h, stride, 1);
        var spec = new TensorSpec(80, 64, ChannelOrder.Bgr, new Vector3(1), new Vector3(0.5f));
        var floats = new float[spec.ElementCount];
        var bytes = new byte[spec.ElementCount];
        var crop = TensorSpec.Raw(32, 32);
        var cropTensor = new float[crop.ElementCount];
        var map = AffineMap.Similarity(new System.Drawing.PointF(80, 60), 50, 0.2f, 32);

        void Once()
        {
            var view = new ImageView(data, format, w, h, stride);
            TensorWriter.Resize(view, floats, spec, letterbox: true);
            TensorWriter.Resize(view, bytes, spec, letterbox: false);
            TensorWriter.Warp(view, cropTensor, crop, map);
        }

        Assert.Equal(0, SteadyState.AllocatedBytes(Once, calls: 10, warmup: 2)); // the first call sizes the per-thread scratch
        Assert.Contains(floats, x => x != 0); // the calls did write
    }
}
