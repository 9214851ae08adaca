"""Small building blocks shared by both networks. BatchNorm is folded into the convolution at export."""
import torch.nn as nn


class ConvBnAct(nn.Sequential):
    def __init__(self, cin, cout, k=3, s=1, groups=1, act=True):
        layers = [nn.Conv2d(cin, cout, k, s, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
        if act:
            layers.append(nn.ReLU(inplace=True))
        super().__init__(*layers)


class InvertedResidual(nn.Module):
    """MobileNetV2 block: 1x1 expand, 3x3 depthwise (stride s), 1x1 linear projection, residual when shapes match."""

    def __init__(self, cin, cout, s, t):
        super().__init__()
        hidden = cin * t
        self.use_res = s == 1 and cin == cout
        self.block = nn.Sequential(
            ConvBnAct(cin, hidden, 1),
            ConvBnAct(hidden, hidden, 3, s, groups=hidden),
            ConvBnAct(hidden, cout, 1, act=False))

    def forward(self, x):
        y = self.block(x)
        return x + y if self.use_res else y


class SeparableBlock(nn.Module):
    """Depthwise 3x3 + pointwise 1x1 (+ residual when shapes match): the KPNet building block."""

    def __init__(self, cin, cout, s=1):
        super().__init__()
        self.use_res = s == 1 and cin == cout
        self.dw = ConvBnAct(cin, cin, 3, s, groups=cin)
        self.pw = ConvBnAct(cin, cout, 1, act=not self.use_res)
        self.act = nn.ReLU(inplace=True) if self.use_res else None

    def forward(self, x):
        y = self.pw(self.dw(x))
        return self.act(x + y) if self.use_res else y
