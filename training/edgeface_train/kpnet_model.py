"""KPNet: a bottom-up keypoint face detector with a small U-shaped depthwise-separable backbone.

Stride-4 outputs: S scale-bin centre probabilities (sigmoid in the graph) and K=5 keypoint heatmap logits.
Decoding (peaks, sub-bin scale, scale-adaptive soft-argmax, box mapping, NMS) lives outside the graph.
"""
import torch.nn as nn
import torch.nn.functional as F

from .layers import ConvBnAct, SeparableBlock


class DilatedBlock(nn.Module):
    """Residual depthwise-separable block with a dilated depthwise conv: wide context at stride 16 for big faces."""

    def __init__(self, c, d):
        super().__init__()
        self.dw = nn.Sequential(nn.Conv2d(c, c, 3, 1, d, dilation=d, groups=c, bias=False), nn.BatchNorm2d(c),
                                nn.ReLU(inplace=True))
        self.pw = ConvBnAct(c, c, 1, act=False)
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.act(x + self.pw(self.dw(x)))


class Head(nn.Sequential):
    def __init__(self, cin, hidden, cout):
        super().__init__(ConvBnAct(cin, cin, 3, 1, groups=cin), ConvBnAct(cin, hidden, 1), nn.Conv2d(hidden, cout, 1))


class KPNet(nn.Module):
    def __init__(self, scale_bins=8, keypoints=5, c4=24, c8=64, c16=128, c32=128):
        super().__init__()
        self.stem = ConvBnAct(3, 16, 3, 2)                                          # /2
        self.down4 = nn.Sequential(SeparableBlock(16, c4, 2), SeparableBlock(c4, c4))  # /4
        self.down8 = nn.Sequential(SeparableBlock(c4, c8, 2), SeparableBlock(c8, c8))  # /8
        self.down16 = nn.Sequential(SeparableBlock(c8, c16, 2), SeparableBlock(c16, c16),
                                    DilatedBlock(c16, 2), DilatedBlock(c16, 4))      # /16
        # /32 context: a 200-px face spans 50 stride-4 cells; without a coarse level the effective receptive field
        # covers only part of it, and big faces came out with weak, mis-sized peaks (measured on the first runs).
        self.down32 = nn.Sequential(SeparableBlock(c16, c32, 2), DilatedBlock(c32, 2))
        self.lat32 = ConvBnAct(c32, c16, 1)
        self.lat16 = ConvBnAct(c16, c8, 1)
        self.up8 = SeparableBlock(c8, c8)
        self.lat8 = ConvBnAct(c8, c4, 1)
        self.up4 = SeparableBlock(c4, c4)
        self.scale_head = Head(c4, 32, scale_bins)
        self.kpt_head = Head(c4, 32, keypoints)
        # Centres are rare: start the scale logits low (focal-loss prior).
        nn.init.constant_(self.scale_head[-1].bias, -4.0)
        nn.init.constant_(self.kpt_head[-1].bias, -4.0)

    def forward(self, x):
        f4 = self.down4(self.stem(x))
        f8 = self.down8(f4)
        f16 = self.down16(f8)
        f16 = f16 + _up_to(self.lat32(self.down32(f16)), f16)
        u8 = self.up8(f8 + F.interpolate(self.lat16(f16), scale_factor=2.0, mode='nearest'))
        u4 = self.up4(f4 + F.interpolate(self.lat8(u8), scale_factor=2.0, mode='nearest'))
        return self.scale_head(u4), self.kpt_head(u4)


def _up_to(x, like):
    """Nearest 2x upsampling cropped to `like` (an odd-sized level, e.g. 15 rows at stride 16 of 240, rounds up)."""
    return F.interpolate(x, scale_factor=2.0, mode='nearest')[..., :like.shape[2], :like.shape[3]]


class KPNetExport(nn.Module):
    """Inference graph: outputs `scale` (sigmoid probabilities) and `kpt` (logits)."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        s, k = self.net(x)
        return s.sigmoid(), k
