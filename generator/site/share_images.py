"""The share image of each claim: a 1200x630 PNG with the verdict and the claim, which a link
shared in a post or a chat shows (the head's og:image, when content/site.yml sets
`share_images: true`).

Drawn with Pillow and the DejaVu fonts that ship in site_templates/fonts/: no network, no system
library beyond what Pillow's wheels carry, the same bytes for the same claim. Material's social
plugin was the other candidate; it needs Cairo installed on the system, fetches its fonts from
Google Fonts during the build and, being a MkDocs plugin, is lost to `factdesk build --out` and
Zensical. Right-to-left text needs Pillow's complex layout (libraqm, which loads the system's
FriBiDi): without it Arabic would be drawn unjoined and backwards, so a right-to-left site then
gets no images and a warning (FD181) instead.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from functools import cache
from typing import TYPE_CHECKING

import PIL
from PIL import Image, ImageDraw, ImageFont, features

from ..content.diagnostics import Diagnostic, warning
from ..content.languages import is_right_to_left
from ..content.linked import LinkedClaim, Site
from ..content.models import SiteConfig
from ..incremental import BuildCache
from ..resources import TEMPLATES
from .interface import Interface, interface

if TYPE_CHECKING:  # layout.py asks this module whether a site's images can be drawn
    from .layout import Layout

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
FONTS = TEMPLATES / "fonts"
# What a reader of the card sees besides the badge: the site's own dark text on white.
INK = "#1a1a1a"
MUTED = "#555555"
PAPER = "#ffffff"
# The badge of a claim without a verdict, here and on the pages (factdesk.css.j2).
UNDER_REVIEW = "#757575"
CLAIM_SIZES = (58, 52, 46, 40, 36)  # the largest size at which the claim fits
CLAIM_LINES = 5


@dataclass(frozen=True, slots=True)
class Card:
    """Everything a share image shows: the same card gives the same bytes."""

    site: str
    verdict: str
    colour: str
    claim: str
    byline: str
    right_to_left: bool
    language: str

    @property
    def key(self) -> str:
        hasher = hashlib.sha1(usedforsecurity=False)
        for part in (*(str(v) for v in astuple(self)), _pillow_key()):
            hasher.update(part.encode())
            hasher.update(b"\0")
        return hasher.hexdigest()


def can_draw(language: str) -> bool:
    """Whether this Pillow lays out the site's script correctly."""
    return not is_right_to_left(language) or features.check("raqm") is True


def check_share_images(config: SiteConfig) -> list[Diagnostic]:
    """FD181 when share images are asked for in a script this Pillow cannot lay out."""
    if not config.share_images or can_draw(config.language):
        return []
    return [
        warning(
            "FD181",
            config.where.get("share_images", config.at),
            "share images are asked for, but this machine's Pillow cannot lay out right-to-left "
            "text (it lacks libraqm with FriBiDi): the site is built without them",
            "install FriBiDi (Debian and Ubuntu: apt-get install libfribidi0) and build again, "
            "or set share_images: false",
        )
    ]


def share_image_files(
    site: Site, layout: Layout, cache: BuildCache | None = None
) -> Iterator[tuple[str, bytes]]:
    """(path, PNG) of every claim's share image, when the layout has them. With a `cache`
    (serve), an image is drawn again only when what it shows changed."""
    if not layout.share_images:
        return
    words = interface(site.config.language)
    kept: dict[str, tuple[str, bytes]] = {}
    known = cache.images if cache is not None else {}
    for claim in site.claims.values():
        card = card_of(site, claim, words)
        key = card.key
        found = known.get(claim.id)
        png = found[1] if found is not None and found[0] == key else draw(card)
        kept[claim.id] = (key, png)
        yield layout.share_image(claim.id), png
    if cache is not None:
        cache.images = kept


def card_of(site: Site, claim: LinkedClaim, words: Interface) -> Card:
    record = claim.record
    verdict = claim.verdict
    claimant = site.entities[record.claimant].record.name
    return Card(
        site=site.config.title,
        verdict=verdict.rating.label if verdict else words.gettext("Under review"),
        colour=verdict.rating.colour if verdict else UNDER_REVIEW,
        claim=" ".join((record.claim_short or record.claim).split()),
        byline=f"{claimant} · {claim.date.display(words.words)}",
        right_to_left=is_right_to_left(site.config.language),
        language=site.config.language,
    )


@dataclass(frozen=True, slots=True)
class _Script:
    """How Pillow lays out the card's text: its direction and language, which only libraqm
    takes (Pillow's basic layout draws left to right, letter by letter)."""

    right_to_left: bool
    language: str
    raqm: bool

    def length(self, font: ImageFont.FreeTypeFont, text: str) -> float:
        if not self.raqm:
            return font.getlength(text)
        return font.getlength(text, self.direction, language=self.language)

    @property
    def direction(self) -> str:
        return "rtl" if self.right_to_left else "ltr"

    def write(
        self,
        pen: ImageDraw.ImageDraw,
        xy: tuple[int, int],
        text: str,
        font: ImageFont.FreeTypeFont,
        fill: str,
        anchor: str,
    ) -> None:
        if not self.raqm:
            pen.text(xy, text, font=font, fill=fill, anchor=anchor)
        else:
            pen.text(
                xy,
                text,
                font=font,
                fill=fill,
                anchor=anchor,
                direction=self.direction,
                language=self.language,
            )

    def line(
        self, pen: ImageDraw.ImageDraw, y: int, text: str, font: ImageFont.FreeTypeFont, fill: str
    ) -> None:
        """One line set against the card's starting edge."""
        if self.right_to_left:
            self.write(pen, (WIDTH - MARGIN, y), text, font, fill, "ra")
        else:
            self.write(pen, (MARGIN, y), text, font, fill, "la")


ROOM = WIDTH - 2 * MARGIN
BADGE_PADDING = 28


def draw(card: Card) -> bytes:
    script = _Script(card.right_to_left, card.language, features.check("raqm") is True)
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(image)

    # A band in the verdict's colour along the top, the site's name under it.
    pen.rectangle((0, 0, WIDTH, 16), fill=card.colour)
    small = _font(False, 30)
    script.line(pen, 48, _fit(card.site, small, ROOM, script), small, MUTED)

    badge = _font(True, 44)
    label = _fit(card.verdict, badge, ROOM - 2 * BADGE_PADDING, script)
    width = int(script.length(badge, label)) + 2 * BADGE_PADDING
    left = WIDTH - MARGIN - width if card.right_to_left else MARGIN
    pen.rounded_rectangle((left, 110, left + width, 186), radius=12, fill=card.colour)
    script.write(pen, (left + width // 2, 148), label, badge, _readable_on(card.colour), "mm")

    size, lines = _claim_lines(card.claim, script)
    claim_font = _font(True, size)
    for number, text in enumerate(lines):
        script.line(pen, 230 + number * int(size * 1.22), text, claim_font, INK)

    script.line(pen, HEIGHT - 70, _fit(card.byline, small, ROOM, script), small, MUTED)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _claim_lines(text: str, script: _Script) -> tuple[int, list[str]]:
    """The largest size at which the claim fits the card, wrapped; the smallest size with the
    last line cut short when even that is too long."""
    for size in CLAIM_SIZES:
        lines = _wrap(text, _font(True, size), script)
        if len(lines) <= CLAIM_LINES:
            return size, lines
    font = _font(True, CLAIM_SIZES[-1])
    last = " ".join(lines[CLAIM_LINES - 1 :])
    return CLAIM_SIZES[-1], [*lines[: CLAIM_LINES - 1], _fit(last + " …", font, ROOM, script)]


def _wrap(text: str, font: ImageFont.FreeTypeFont, script: _Script) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and script.length(font, trial) > ROOM:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def _fit(text: str, font: ImageFont.FreeTypeFont, room: int, script: _Script) -> str:
    """`text`, shortened at a word with an ellipsis if it is wider than `room`."""
    if script.length(font, text) <= room:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        shortened = " ".join(words).rstrip(",;:.") + " …"
        if script.length(font, shortened) <= room:
            return shortened
    while text and script.length(font, text + "…") > room:
        text = text[:-1]
    return text + "…"


def _readable_on(colour: str) -> str:
    """White on a dark badge, near-black on a light one (WCAG contrast)."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return PAPER if (1.05 / (luminance + 0.05)) >= 4.5 else INK


@cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    engine = ImageFont.Layout.RAQM if features.check("raqm") is True else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=engine)


@cache
def _pillow_key() -> str:
    # A new Pillow or font may draw the same card differently: part of every image's key.
    fonts = sorted(p.name + str(p.stat().st_size) for p in FONTS.glob("*.ttf"))
    return f"{PIL.__version__} {features.check('raqm')} {' '.join(fonts)}"
