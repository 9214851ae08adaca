"""Time-budgeted training loop helpers: cosine LR over the budget, checkpoints and resume."""
import json
import math
import os
import time

import torch


class Budget:
    """Progress is the larger of epochs done / epochs and seconds spent / seconds allowed."""

    def __init__(self, epochs, minutes, spent=0.0):
        self.epochs = epochs
        self.seconds = minutes * 60.0
        self.spent = spent
        self.t0 = time.time()

    def elapsed(self):
        return self.spent + time.time() - self.t0

    def progress(self, epoch_float):
        return min(1.0, max(epoch_float / self.epochs, self.elapsed() / self.seconds))

    def lr(self, base, epoch_float, warmup=0.02):
        p = self.progress(epoch_float)
        if p < warmup:
            return base * (0.1 + 0.9 * p / warmup)
        return base * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * p)))

    def done(self, epoch_float):
        return self.progress(epoch_float) >= 1.0


def save_checkpoint(path, model, opt, epoch, budget, best, extra=None):
    tmp = path + '.tmp'
    torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'epoch': epoch,
                'spent': budget.elapsed(), 'best': best, 'extra': extra or {}}, tmp)
    os.replace(tmp, path)


def load_checkpoint(path, model, opt):
    ck = torch.load(path, map_location='cpu')
    model.load_state_dict(ck['model'])
    opt.load_state_dict(ck['opt'])
    return ck


def write_json(path, obj):
    with open(path, 'w') as f:
        json.dump(obj, f, indent=2, sort_keys=False)
        f.write('\n')
