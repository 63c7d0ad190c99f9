#!/bin/sh
# Regenerates the application icons from kiln.svg (run after editing the SVG; the outputs are committed
# so a build never needs these tools). Needs rsvg-convert (librsvg2-bin), ImageMagick's convert, python3.
set -eu
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512 1024; do
    rsvg-convert -w "$size" -h "$size" kiln.svg -o "kiln-$size.png"
done
# Windows: one .ico holding the sizes Explorer and the taskbar ask for.
convert kiln-16.png kiln-24.png kiln-32.png kiln-48.png kiln-64.png kiln-128.png kiln-256.png kiln.ico
# macOS: an .icns is a header plus PNG entries keyed by type (ic07=128 .. ic10=1024 / 512@2x).
python3 - <<'PY'
import struct
entries = [(b"ic07", "kiln-128.png"), (b"ic08", "kiln-256.png"), (b"ic09", "kiln-512.png"), (b"ic10", "kiln-1024.png")]
body = b""
for kind, name in entries:
    data = open(name, "rb").read()
    body += kind + struct.pack(">I", len(data) + 8) + data
open("kiln.icns", "wb").write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY
# The 1024 px PNG only feeds the .icns.
rm kiln-1024.png
