#!/usr/bin/env python3
"""Generates the stand-in photo illustrations in source/images/.

The guide's photos are not available to the project. These duotone
illustrations (a figure in front of soft shapes, in the brand colours) stand in
for them so that the default build embeds real images; the photo blocks mark
them with `stand_in = true`. Standard library only; the output is
deterministic. Usage: python3 tools/make-standins.py
"""
import math
import os
import struct
import zlib

W, H = 640, 480
DARK = (0x8c, 0x0b, 0x20)   # deep brand red
LIGHT = (0xfb, 0xe3, 0xe6)  # brand tint
PEOPLE = ["shahdar", "oumaima", "izabela", "gopi", "sharifah"]


def png(path, pixels):
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)
    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def mix(t):
    t = max(0.0, min(1.0, t))
    return tuple(round(LIGHT[i] + (DARK[i] - LIGHT[i]) * t) for i in range(3))


def image(seed):
    # a few soft circles in the background, a figure (head and shoulders) in front
    rnd = [(math.sin(seed * 12.9898 + k * 78.233) * 43758.5453) % 1 for k in range(12)]
    blobs = [(rnd[k] * W, rnd[k + 1] * H, 80 + rnd[k + 2] * 140) for k in range(0, 9, 3)]
    cx = W * (0.4 + 0.2 * rnd[9])
    rows = []
    for y in range(H):
        row = []
        for x in range(W):
            t = 0.12 + 0.18 * (y / H)
            for bx, by, br in blobs:
                d = math.hypot(x - bx, y - by) / br
                if d < 1:
                    t += 0.18 * (1 - d * d)
            head = math.hypot(x - cx, y - H * 0.42) < H * 0.16
            body = ((x - cx) / (H * 0.36)) ** 2 + ((y - H * 1.02) / (H * 0.42)) ** 2 < 1
            if head or body:
                t = 0.92
            row.extend(mix(t))
        rows.append(row)
    return rows


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "source", "images")
    os.makedirs(out, exist_ok=True)
    for i, name in enumerate(PEOPLE):
        png(os.path.join(out, name + ".png"), image(i + 1))


if __name__ == "__main__":
    main()
