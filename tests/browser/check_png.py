#!/usr/bin/env python3
"""Checks that a screenshot is not blank: python3 alone, no packages.

Usage: check_png.py FILE.png WIDTH HEIGHT [SECOND]

Decodes the PNG (8-bit RGB or RGBA, not interlaced, as Chromium writes it) and fails
unless it has the size asked for, some pixels drawn on (neither white nor the page's grey),
many distinct colours (text, lines and fills, not a flat page) and the report's own chart
colours (Okabe-Ito blue and a second one, vermillion unless SECOND names another of
SECONDS), which appear only where the SVG charts were drawn.
"""
import struct
import sys
import zlib

BLUE = (0, 114, 178)
PAGE = (238, 240, 243)  # the grey around the report's column
VERMILLION = (213, 94, 0)
# The second chart colour a report must show: vermillion (losses, the frontier, missed
# targets) or orange (per-interval Erlang A on a staffing report, whose first screen may have
# nothing missed).
SECONDS = {"vermillion": VERMILLION, "orange": (230, 159, 0)}


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG file")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {colour})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    name = sys.argv[4] if len(sys.argv) > 4 else "vermillion"
    if name not in SECONDS:
        raise SystemExit(f"unknown colour {name!r}: expected one of {', '.join(SECONDS)}")
    second = SECONDS[name]
    width, height, channels, rows = read_png(path)
    if (width, height) != (want_w, want_h):
        raise SystemExit(f"{path}: {width}x{height}, expected {want_w}x{want_h}")
    colours, inked, blue, vermillion = set(), 0, 0, 0
    for row in rows:
        for x in range(0, len(row), channels):
            rgb = (row[x], row[x + 1], row[x + 2])
            colours.add(rgb)
            if rgb != (255, 255, 255) and rgb != PAGE:
                inked += 1
            if rgb == BLUE:
                blue += 1
            elif rgb == second:
                vermillion += 1
    share = inked / (width * height)
    print(f"{path}: {width}x{height}, {len(colours)} colours, {share:.1%} drawn on, "
          f"{blue} blue and {vermillion} {name} chart pixels")
    problems = []
    if share < 0.02:
        problems.append("almost blank (under 2 % of the pixels are drawn on)")
    if len(colours) < 50:
        problems.append(f"only {len(colours)} distinct colours")
    if blue < 200 or vermillion < 50:
        problems.append("the charts' colours are missing: the SVG charts did not render")
    if problems:
        raise SystemExit(f"{path}: " + "; ".join(problems))


if __name__ == "__main__":
    main()
