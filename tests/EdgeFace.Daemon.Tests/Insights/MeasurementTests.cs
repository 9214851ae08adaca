using System.Drawing;
using EdgeFace.Insights;

namespace EdgeFace.Daemon.Tests.Insights;

public class MeasurementTests
{
    [Theory]
    [InlineData(0.3f, 0.25f, 100f)]
    [InlineData(0.05f, 0.35f, 40f)]
    [InlineData(0.0f, 0.2f, 300f)]
    public void Eye_aspect_ratio_is_the_drawn_lid_gap_over_width_at_any_face_size(float left, float right, float size)
    {
        var p = SyntheticFace.Landmarks(left, right, size: size, x: 17, y: 230);
        Assert.True(EyeAspectRatio.TryCompute(p, EyeAspectRatio.LeftEyeStart, out float l));
        Assert.True(EyeAspectRatio.TryCompute(p, EyeAspectRatio.RightEyeStart, out float r));
        Assert.Equal(left, l, 4);
        Assert.Equal(right, r, 4);
    }

    [Fact]
    public void Eye_aspect_ratio_does_not_change_with_in_plane_rotation()
    {
        var p = SyntheticFace.Landmarks(0.28f, 0.28f, size: 120);
        float c = MathF.Cos(0.6f), s = MathF.Sin(0.6f);
        var rotated = p.Select(q => new PointF(q.X * c - q.Y * s, q.X * s + q.Y * c)).ToArray();
        Assert.True(EyeAspectRatio.TryCompute(rotated, EyeAspectRatio.LeftEyeStart, out float ear));
        Assert.Equal(0.28f, ear, 4);
    }

    [Fact]
    public void Degenerate_points_give_no_ratio()
    {
        var collapsed = new PointF[68];
        Assert.False(EyeAspectRatio.TryCompute(collapsed, EyeAspectRatio.LeftEyeStart, out _));
        Assert.False(MouthOpenness.TryCompute(collapsed, out _));
        Assert.False(EyeAspectRatio.TryCompute(new PointF[40], EyeAspectRatio.RightEyeStart, out _));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.25f)]
    [InlineData(0.8f)]
    public void Mouth_openness_is_the_drawn_inner_lip_gap_over_mouth_width(float openness)
    {
        Assert.True(MouthOpenness.TryCompute(SyntheticFace.Landmarks(mouth: openness, size: 150), out float measured));
        Assert.Equal(openness, measured, 4);
    }
}
