"""Geometry shared by training and the runtime contract (docs/model-format.md).

Everything here follows the contract's continuous pixel convention: pixel i covers [i, i+1).
"""
import math

import cv2
import numpy as np

# iBUG-68 indices used to derive the detector's five keypoints.
LEFT_EYE = list(range(36, 42))
RIGHT_EYE = list(range(42, 48))
NOSE_TIP = 30
MOUTH_LEFT = 48
MOUTH_RIGHT = 54

# Mirror permutation of the 68 iBUG points (index i becomes MIRROR68[i] after a horizontal flip).
MIRROR68 = np.array(
    list(range(16, -1, -1))                      # jaw
    + list(range(26, 16, -1))                    # brows
    + [27, 28, 29, 30]                           # nose bridge
    + [35, 34, 33, 32, 31]                       # nostrils
    + [45, 44, 43, 42, 47, 46]                   # right eye -> left eye
    + [39, 38, 37, 36, 41, 40]
    + [54, 53, 52, 51, 50, 49, 48]               # outer lips
    + [59, 58, 57, 56, 55]
    + [64, 63, 62, 61, 60]                       # inner lips
    + [67, 66, 65])
MIRROR5 = np.array([1, 0, 2, 4, 3])


def five_from_68(p68):
    """Five detector keypoints from the 68 iBUG points: eye centres, nose tip, mouth corners."""
    p = np.asarray(p68, np.float64)
    return np.stack([p[LEFT_EYE].mean(0), p[RIGHT_EYE].mean(0), p[NOSE_TIP], p[MOUTH_LEFT], p[MOUTH_RIGHT]])


def keypoints5_crop(kp5, scale, shift, rotate=True):
    """Crop centre, side and angle of the "keypoints5" crop kind."""
    kp = np.asarray(kp5, np.float64)
    e = (kp[0] + kp[1]) / 2
    m = (kp[3] + kp[4]) / 2
    theta = math.atan2(kp[1, 1] - kp[0, 1], kp[1, 0] - kp[0, 0]) if rotate else 0.0
    size = max(np.linalg.norm(kp[1] - kp[0]), np.linalg.norm(m - e))
    side = scale * size
    centre = (e + m) / 2 + shift * size * np.array([-math.sin(theta), math.cos(theta)])
    return centre, side, theta


def crop_matrix(centre, side, theta, n):
    """2x3 matrix mapping output pixel indices (u, v) to source pixel indices, for cv2.warpAffine(WARP_INVERSE_MAP).

    P(u,v) = c + R((u+0.5)/n*side - side/2, ...) in continuous coordinates; source index = P - 0.5.
    """
    c, s = math.cos(theta), math.sin(theta)
    k = side / n
    # continuous offset for index u: (u + 0.5) * k - side / 2
    a = np.array([[c * k, -s * k], [s * k, c * k]])
    off = np.array([0.5 * k - side / 2, 0.5 * k - side / 2])
    t = np.asarray(centre) + a @ np.zeros(2) + np.array([[c, -s], [s, c]]) @ off - 0.5
    return np.array([[a[0, 0], a[0, 1], t[0]], [a[1, 0], a[1, 1], t[1]]])


def warp_crop(image, centre, side, theta, n):
    m = crop_matrix(centre, side, theta, n)
    return cv2.warpAffine(image, m, (n, n), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def points_to_crop(points, centre, side, theta):
    """Frame points -> normalised crop coordinates (0..1)."""
    c, s = math.cos(theta), math.sin(theta)
    d = np.asarray(points, np.float64) - np.asarray(centre)
    # inverse rotation R(-theta)
    x = c * d[:, 0] + s * d[:, 1]
    y = -s * d[:, 0] + c * d[:, 1]
    return np.stack([x / side + 0.5, y / side + 0.5], 1)


def crop_to_points(norm, centre, side, theta):
    c, s = math.cos(theta), math.sin(theta)
    n = (np.asarray(norm, np.float64) - 0.5) * side
    return np.stack([centre[0] + c * n[:, 0] - s * n[:, 1], centre[1] + s * n[:, 0] + c * n[:, 1]], 1)


def letterbox(image, w_in, h_in):
    """Top-left letterbox as in the contract; returns (input image, sx, sy)."""
    h, w = image.shape[:2]
    s = min(w_in / w, h_in / h)
    rw, rh = int(round(w * s)), int(round(h * s))
    out = np.zeros((h_in, w_in) + image.shape[2:], image.dtype)
    out[:rh, :rw] = cv2.resize(image, (rw, rh), interpolation=cv2.INTER_LINEAR)
    return out, rw / w, rh / h


# Rough mean 3D face (millimetres, x right, y down, z away from the camera) for a few stable iBUG points,
# used only to estimate yaw/pitch/roll for the PFLD loss weights.
POSE_IDX = [17, 21, 22, 26, 36, 39, 42, 45, 31, 35, 48, 54, 57, 8, 30]
POSE_3D = np.array([
    [-45, -40, 15], [-12, -45, 5], [12, -45, 5], [45, -40, 15],
    [-36, -25, 12], [-12, -24, 8], [12, -24, 8], [36, -25, 12],
    [-10, 12, 5], [10, 12, 5],
    [-22, 35, 10], [22, 35, 10], [0, 43, 8], [0, 70, 15], [0, 8, -15]], np.float64)


def head_pose(p68, img_size):
    """(yaw, pitch, roll) in degrees from the 68 points via cv2.solvePnP against POSE_3D."""
    f = float(img_size)
    cam = np.array([[f, 0, img_size / 2], [0, f, img_size / 2], [0, 0, 1]], np.float64)
    pts = np.asarray(p68, np.float64)[POSE_IDX]
    # Start from an upright face at a plausible distance: without a guess the solver sometimes lands on
    # the upside-down mirror solution.
    eye = max(np.linalg.norm(pts[4] - pts[7]), 1.0)
    cx, cy = pts.mean(0)
    z = f * 72.0 / eye
    rvec0 = np.zeros((3, 1))
    tvec0 = np.array([[(cx - img_size / 2) * z / f], [(cy - img_size / 2) * z / f], [z]])
    ok, rvec, tvec = cv2.solvePnP(POSE_3D, pts, cam, None, rvec0, tvec0, True, cv2.SOLVEPNP_ITERATIVE)
    if not ok:
        return np.zeros(3, np.float32)
    r, _ = cv2.Rodrigues(rvec)
    # Read the angles from the rotated axes directly (no Euler decomposition, so no +-180 flips):
    # f = direction the face looks (towards the camera is -z), xa = the face's left-to-right axis.
    f = r @ np.array([0.0, 0.0, -1.0])
    xa = r @ np.array([1.0, 0.0, 0.0])
    yaw = math.degrees(math.atan2(f[0], -f[2]))
    pitch = math.degrees(math.atan2(f[1], -f[2]))
    roll = math.degrees(math.atan2(xa[1], xa[0]))
    return np.array([yaw, pitch, roll], np.float32)
