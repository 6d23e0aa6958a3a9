"""Draw the add-on's icon: sales_followup/static/description/icon.png.

A speech bubble (the customer conversation) holding a check mark (the step
done), on a rounded square. Drawn with Pillow (in Odoo's requirements) at 4x
and scaled down for smooth edges.

    .venv/bin/python scripts/icon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 256
SCALE = 4
BACKGROUND = (27, 122, 130)  # teal
BUBBLE = (255, 255, 255)
CHECK = (27, 122, 130)
DOT = (246, 166, 35)  # amber: the next step, due soon

OUT = Path(__file__).resolve().parent.parent / "sales_followup/static/description/icon.png"


def draw():
    s = SIZE * SCALE
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, s - 1, s - 1), radius=s // 5, fill=BACKGROUND)

    # Speech bubble with a tail at the bottom left.
    left, top, right, bottom = s * 0.17, s * 0.2, s * 0.83, s * 0.7
    pen.rounded_rectangle((left, top, right, bottom), radius=s * 0.1, fill=BUBBLE)
    pen.polygon(
        [(s * 0.27, bottom - s * 0.02), (s * 0.22, s * 0.84), (s * 0.43, bottom - s * 0.02)],
        fill=BUBBLE,
    )

    # Check mark inside the bubble.
    width = int(s * 0.075)
    points = [(s * 0.33, s * 0.45), (s * 0.45, s * 0.57), (s * 0.68, s * 0.33)]
    pen.line(points, fill=CHECK, width=width, joint="curve")
    for x, y in (points[0], points[-1]):
        pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=CHECK)

    # The next follow-up: a dot on the bubble's top right corner.
    radius = s * 0.1
    cx, cy = s * 0.8, s * 0.22
    pen.ellipse(
        (
            cx - radius - s * 0.02,
            cy - radius - s * 0.02,
            cx + radius + s * 0.02,
            cy + radius + s * 0.02,
        ),
        fill=BACKGROUND,
    )
    pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=DOT)

    return image.resize((SIZE, SIZE), Image.LANCZOS)


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    draw().save(OUT, optimize=True)
    print(OUT)
