"""Draw the simple placeholder logos of the example workspaces (data/*/logo.png).

Each is the organisation's initials in white on its primary colour, with its short name
beside them: enough to show where a real logo goes in every layout.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrdocs._yaml import read_file  # noqa: E402
from scrdocs.model import Organisation  # noqa: E402

BOLD = ROOT / "templates" / "_base" / "fonts" / "Arimo-700-normal.ttf"


def draw(organisation: Organisation, target: Path) -> None:
    """Write a 600×160 PNG logo for ``organisation``."""
    colour = organisation.colours.primary
    short = organisation.short_name or organisation.name
    initials = "".join(word[0] for word in short.replace("-", " ").split()
                       if word[0].isalpha())[:3].upper()
    image = Image.new("RGB", (600, 160), "white")
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, 160, 160), radius=24, fill=colour)
    big = ImageFont.truetype(str(BOLD), 64 if len(initials) < 3 else 48)
    pen.text((80, 80), initials, font=big, fill="white", anchor="mm")
    name = ImageFont.truetype(str(BOLD), 40)
    pen.text((184, 80), short, font=name, fill=colour, anchor="lm")
    image.save(target, optimize=True)


if __name__ == "__main__":
    for profile in sorted((ROOT / "data").glob("*/scrdocs.yaml")):
        organisation = Organisation.model_validate(read_file(profile).data)
        draw(organisation, profile.parent / "logo.png")
        print(f"wrote {profile.parent.relative_to(ROOT)}/logo.png")
