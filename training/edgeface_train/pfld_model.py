"""PFLD-68 at width 0.25 (Guo et al., 2019), with the auxiliary pose network used only in training."""
import torch
import torch.nn as nn

from .layers import ConvBnAct, InvertedResidual


def _stage(cin, cout, n, s, t):
    blocks = [InvertedResidual(cin, cout, s, t)]
    blocks += [InvertedResidual(cout, cout, 1, t) for _ in range(n - 1)]
    return nn.Sequential(*blocks)


class PFLD(nn.Module):
    """Backbone (t/c/n/s): 2/64/5/2, 2/128/1/2, 4/128/6/1, 2/16/1/1 with c scaled by `width`.

    Multi-scale head: S1 14x14x16, S2 7x7x32 (3x3 s2), S3 1x1x128 (7x7 conv), concatenated into FC 136.
    """

    def __init__(self, width=0.25, points=68):
        super().__init__()
        c = lambda v: max(8, int(round(v * width)))
        self.conv1 = ConvBnAct(3, c(64), 3, 2)                   # 56x56
        self.conv2 = ConvBnAct(c(64), c(64), 3, 1, groups=c(64))  # depthwise
        self.stage1 = _stage(c(64), c(64), 5, 2, 2)              # 28x28 (aux branch taps here)
        self.stage2 = _stage(c(64), c(128), 1, 2, 2)             # 14x14
        self.stage3 = _stage(c(128), c(128), 6, 1, 4)
        self.stage4 = _stage(c(128), 16, 1, 1, 2)                # S1: 14x14x16
        self.s2 = ConvBnAct(16, 32, 3, 2)                        # S2: 7x7x32
        self.s3 = nn.Sequential(nn.Conv2d(32, 128, 7, 1, 0), nn.BatchNorm2d(128), nn.ReLU(inplace=True))  # S3
        self.fc = nn.Linear(16 * 14 * 14 + 32 * 7 * 7 + 128, points * 2)
        self.aux = AuxiliaryNet(c(64), width)

    def forward(self, x, with_aux=False):
        x = self.conv2(self.conv1(x))
        f28 = self.stage1(x)
        s1 = self.stage4(self.stage3(self.stage2(f28)))
        s2 = self.s2(s1)
        s3 = self.s3(s2)
        feats = torch.cat([s1.flatten(1), s2.flatten(1), s3.flatten(1)], 1)
        out = self.fc(feats)
        if with_aux:
            return out, self.aux(f28)
        return out


class AuxiliaryNet(nn.Module):
    """Pose branch from the 28x28 stage: conv 128 s2, conv 128, conv 32 s2, conv 7x7 128 (valid, 1x1 out), FC 32,
    FC 3, with the first two widths scaled like the backbone (128 x width) because the training CPU budget is tiny."""

    def __init__(self, cin, width=0.25):
        super().__init__()
        c = max(32, int(round(128 * width)))
        self.body = nn.Sequential(
            ConvBnAct(cin, c, 3, 2), ConvBnAct(c, c, 3, 1), ConvBnAct(c, 32, 3, 2),
            nn.Conv2d(32, 128, 7, 1, 0), nn.BatchNorm2d(128), nn.ReLU(inplace=True),
            nn.Flatten(), nn.Linear(128, 32), nn.ReLU(inplace=True), nn.Linear(32, 3))

    def forward(self, x):
        return self.body(x)


class PFLDExport(nn.Module):
    """Inference graph: landmarks only, normalised to the crop."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net(x)
