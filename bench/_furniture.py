"""The weight of a real news page, added around the replica theme's article page.

The replica theme (``nkmon.replica.pages``) is lean: about 17 KiB, 200 elements
and 40 links a page, so tests run fast. Real article pages are several times
heavier. The 127 real pages of ../shared/eval (127 sites) have, at the median,
118 KiB, 790 elements, 140 links, 23 KB of inline script, 1.9 KB of inline
CSS and 10.5 KB of visible text; WordPress news themes get there with inline
theme CSS and script settings, a mega menu, social icons as inline SVG,
sidebar widgets with thumbnails, a "more from this section" grid and a
footer of link columns. ``furnish`` adds those, made up here (no real site's
markup or text), so a page of the benchmark outlet costs a crawler and an
extractor what a real one does: per-page costs (a request, a transaction) weigh
as little, and per-element costs (parsing, cleaning the tree) as much, as on
a real outlet.

The furniture is the same on every page of the site except the lists of other
articles, which change from page to page as on a real site.
"""

from __future__ import annotations

import json
import random
from html import escape

__all__ = ["Furniture"]

_SECTIONS = [
    "Politics",
    "Economy",
    "Society",
    "Military",
    "Diplomacy",
    "Human Rights",
    "Culture",
    "Analysis",
    "Opinion",
    "Multimedia",
]
_TOPICS = [
    "Markets",
    "Border",
    "Sanctions",
    "Missiles",
    "Food",
    "Energy",
    "Leadership",
    "Defectors",
    "Cyber",
    "Trade",
    "Labour",
    "Health",
    "Education",
    "Transport",
    "Agriculture",
    "Religion",
    "Media",
    "Law",
    "Weather",
    "Sport",
]
_ICON = (
    "M{a} {b}c{c}.{d} 0 {e}.{a}-{b}.{c} {d}.{e}-{a}.{b}L{c} {d}l-{e}.{a} {b}.{c}"
    "C{d}.{e} {a}.{b} {c} {d}.{e} {a} {b}z"
)


def _image(n: int, width: int, height: int) -> str:
    """A lazy thumbnail with the srcset WordPress writes for each of its sizes."""
    stem = f"/wp-content/uploads/2026/11/thumb-{n}"
    srcset = ", ".join(
        f"{stem}-{w}x{w * height // width}.jpg {w}w" for w in (150, 300, 400, 768, 1024)
    )
    return (
        f'<img loading="lazy" decoding="async" width="{width}" height="{height}" '
        f'src="{stem}-{width}x{height}.jpg" class="attachment-thumb size-thumb wp-post-image" '
        f'alt="" srcset="{srcset}" sizes="(max-width: {width}px) 100vw, {width}px">'
    )


_ADS = "".join(
    f'<div class="ad-wrapper ad-{i}" style="min-height:250px"><div class="ad-container">'
    f'<div id="div-gpt-ad-content-{i}" class="gpt-slot" data-slot="content-{i}"><div '
    'class="ad-placeholder"></div></div></div></div>'
    for i in range(6)
)
_OVERLAY = (
    '<div id="search-overlay" class="search-overlay" aria-hidden="true"><div class="overlay-inner">'
    '<button class="overlay-close" aria-label="Close"><span class="icon-close"></span></button>'
    '<form class="overlay-search" role="search"><label for="overlay-s" class="screen-reader-text">'
    'Search</label><input id="overlay-s" type="search" name="s"><button type="submit">'
    '<span class="icon-search"></span></button></form><div class="overlay-trending"><h4>Trending'
    "</h4><ul><li>Markets</li><li>Border</li><li>Sanctions</li><li>Missiles</li></ul></div>"
    "</div></div>"
)
_BREADCRUMBS = (
    '<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>'
    '<li><a href="/category/news/">News</a></li><li aria-current="page"><span>Article</span>'
    "</li></ol></nav>"
)


class Furniture:
    """Page furniture of one made-up site; ``furnish`` puts it around one page."""

    def __init__(self, seed: int, titles: list[tuple[str, str, str]]) -> None:
        rng = random.Random(seed)
        self.titles = titles  # (path, title, excerpt) of every article, for the lists
        self.style = self._style(rng)
        self.scripts = self._scripts(rng)
        self.icons = self._icons(rng)
        self.menu = self._menu()
        self.footer = self._footer()
        self.consent = self._consent(rng)

    def furnish(self, html: str, index: int, base: str) -> str:
        """``html`` (a replica article page) with the furniture of a real one."""
        head = f"{self.style}\n{self.scripts}\n</head>"
        html = html.replace("</head>", head, 1)
        html = html.replace("</header>", f"{self.icons}{self.menu.format(base=base)}</header>", 1)
        grid = self._grid(index, base)
        html = html.replace("</main>", f"{grid}{_ADS}</main>", 1)
        html = html.replace(
            '<div id="page" class="site">',
            self.consent + _OVERLAY + '<div id="page" class="site">' + _BREADCRUMBS,
            1,
        )
        html = html.replace("</aside>", self._widgets(index, base) + "</aside>", 1)
        return html.replace(
            "</footer>\n</div>", self.footer.format(base=base) + "</footer>\n</div>", 1
        )

    # -- the parts the same on every page ---------------------------------------
    @staticmethod
    def _style(rng: random.Random) -> str:
        rules = []
        for i in range(70):
            prop = rng.choice(["margin", "padding", "color", "font-size", "line-height"])
            value = f"{rng.randint(0, 48)}px" if prop != "color" else f"#{rng.randrange(16**6):06x}"
            rules.append(f".wp-block-{rng.choice(_TOPICS).lower()}-{i}{{{prop}:{value}}}")
        return f'<style id="global-styles-inline-css">{"".join(rules)}</style>'

    @staticmethod
    def _scripts(rng: random.Random) -> str:
        settings = {
            "baseUrl": "/wp-includes/images/core/emoji/15.0.3/72x72/",
            "ext": ".png",
            "source": {"concatemoji": "/wp-includes/js/wp-emoji-release.min.js?ver=6.6.2"},
        }
        ads = {
            "slots": [
                {
                    "id": f"div-gpt-ad-{rng.randrange(10**12)}-{i}",
                    "sizes": [[300, 250], [728, 90]],
                    "targeting": {"section": rng.choice(_SECTIONS), "pos": i},
                }
                for i in range(60)
            ],
            "lazyLoad": {"fetchMarginPercent": 500, "renderMarginPercent": 200},
        }
        code = "".join(
            f"function _{i:x}(a,b){{var c=a[{rng.randint(0, 9)}]||b;"
            f"return c.split('{rng.choice('abcdef')}').map(function(d){{return d.length*{i}}})}}"
            for i in range(170)
        )
        return (
            f"<script>window._wpemojiSettings = {json.dumps(settings)};</script>\n"
            f'<script id="ads-config" type="text/javascript">var adConfig = {json.dumps(ads)};'
            f"</script>\n<script>{code}</script>"
        )

    @staticmethod
    def _icons(rng: random.Random) -> str:
        icons = []
        for name in ("facebook", "x", "youtube", "telegram", "rss", "instagram"):
            path = " ".join(
                _ICON.format(**{k: rng.randint(1, 24) for k in "abcde"}) for _ in range(3)
            )
            icons.append(
                f'<li class="social-icon social-{name}"><a href="#" aria-label="{name}">'
                f'<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">'
                f'<path d="{path}"></path></svg></a></li>'
            )
        return f'<ul class="social-links-menu">{"".join(icons)}</ul>'

    @staticmethod
    def _menu() -> str:
        items = []
        for i, section in enumerate(_SECTIONS):
            slug = section.lower().replace(" ", "-")
            subs = "".join(
                f'<li id="menu-item-{1000 + i * 20 + j}" class="menu-item menu-item-type-taxonomy '
                f'menu-item-object-post_tag menu-item-{1000 + i * 20 + j}"><a href="{{base}}/tag/'
                f'{slug}-{topic.lower()}/">{escape(topic)}</a></li>'
                for j, topic in enumerate(_TOPICS[i : i + 4])
            )
            items.append(
                f'<li id="menu-item-{900 + i}" class="menu-item menu-item-type-taxonomy '
                f'menu-item-object-category menu-item-has-children menu-item-{900 + i}">'
                f'<a href="{{base}}/category/{slug}/">{escape(section)}</a>'
                f'<ul class="sub-menu">{subs}</ul></li>'
            )
        return (
            '<nav id="mega-navigation" class="mega-menu" aria-label="Sections">'
            f'<ul id="mega-menu" class="menu">{"".join(items)}</ul></nav>'
        )

    @staticmethod
    def _footer() -> str:
        columns = []
        for heading, links in (
            ("Sections", _SECTIONS),
            ("Topics", _TOPICS[:6]),
            (
                "About",
                ["Our team", "Ethics policy", "Corrections", "Careers", "Advertise", "Contact"],
            ),
            ("Services", ["Newsletters", "Podcasts", "Apps", "Archive", "Events", "Subscribe"]),
        ):
            lis = "".join(
                f'<li class="menu-item"><a href="{{base}}/{name.lower().replace(" ", "-")}/">'
                f"{escape(name)}</a></li>"
                for name in links
            )
            columns.append(
                f'<div class="footer-widget-column"><h2 class="widget-title">{heading}</h2>'
                f'<ul class="footer-menu-{heading.lower()}">{lis}</ul></div>'
            )
        return f'<div class="footer-widgets">{"".join(columns)}</div>'

    @staticmethod
    def _consent(rng: random.Random) -> str:
        """A consent manager's preferences dialog, as GDPR plugins print on every page."""
        purposes = [
            "Strictly necessary",
            "Performance and analytics",
            "Functional",
            "Targeting and advertising",
            "Social media",
        ]
        words = [
            "cookies",
            "data",
            "store",
            "device",
            "measure",
            "content",
            "ads",
            "partners",
            "improve",
            "services",
            "personalise",
            "choose",
            "consent",
            "settings",
            "visit",
        ]
        blocks = []
        for i, purpose in enumerate(purposes):
            text = " ".join(rng.choice(words) for _ in range(40)).capitalize() + "."
            vendors = "".join(f"<li>Vendor {rng.randrange(900)} Ltd</li>" for _ in range(6))
            blocks.append(
                f'<div class="cmp-purpose" data-purpose="{i}"><div class="cmp-purpose-head">'
                f'<h3>{purpose}</h3><label class="cmp-switch"><input type="checkbox" '
                f'name="purpose-{i}"{" checked disabled" if i == 0 else ""}><span '
                f'class="cmp-slider"></span></label></div><p class="cmp-purpose-text">{text}</p>'
                f'<ul class="cmp-vendors">{vendors}</ul></div>'
            )
        return (
            '<div id="cmp-dialog" class="cmp-modal" role="dialog" aria-hidden="true" '
            'style="display:none"><div class="cmp-inner"><h2 class="cmp-title">Privacy '
            f'preferences</h2><div class="cmp-purposes">{"".join(blocks)}</div>'
            '<div class="cmp-actions"><button class="cmp-save">Save choices</button>'
            '<button class="cmp-accept-all">Accept all</button></div></div></div>'
        )

    # -- the parts that change with the page --------------------------------------
    def _others(self, index: int, k: int, offset: int) -> list[tuple[str, str, str]]:
        n = len(self.titles)
        return [self.titles[(index + offset + 7 * j) % n] for j in range(1, k + 1)]

    def _grid(self, index: int, base: str) -> str:
        cards = []
        for j, (path, title, excerpt) in enumerate(self._others(index, 6, 11)):
            section = _SECTIONS[(index + j) % len(_SECTIONS)]
            cards.append(
                f'<article class="card card-{j} post type-post status-publish format-standard '
                f'has-post-thumbnail"><div class="card-inner"><a class="card-thumbnail" '
                f'href="{base}{path}">{_image((index + j) % 97, 400, 225)}</a>'
                f'<div class="card-body"><div class="card-meta"><span class="card-section">'
                f'{section}</span><span class="card-sep"> · </span><span class="card-reading">'
                f'{3 + j} min read</span></div><h3 class="card-title"><a href="{base}{path}">'
                f'{escape(title)}</a></h3><div class="card-excerpt"><p>{escape(excerpt)}</p>'
                "</div></div></div></article>"
            )
        return (
            '<section class="more-from-section"><h2 class="section-heading">More stories</h2>'
            f'<div class="card-grid">{"".join(cards)}</div></section>'
        )

    def _widgets(self, index: int, base: str) -> str:
        latest = "".join(
            f'<li class="latest-item"><a href="{base}{path}"><div class="latest-thumb">'
            f'{_image((index + j) % 97, 80, 80)}</div><div class="latest-body">'
            f'<span class="latest-title">{escape(title)}</span><span class="latest-date">'
            f'<i class="icon-clock"></i> {2 + j} hours ago</span></div></a></li>'
            for j, (path, title, _) in enumerate(self._others(index, 8, 3))
        )
        tags = "".join(
            f'<a href="{base}/tag/{t.lower()}/" class="tag-cloud-link tag-link-{30 + i} '
            f'tag-link-position-{i + 1}" style="font-size: {8 + i % 14}pt;">{t}</a> '
            for i, t in enumerate(_TOPICS)
        )
        return (
            '<section id="latest-posts-4" class="widget widget_latest_posts">'
            f'<h2 class="widget-title">Latest</h2><ul class="latest-list">{latest}</ul></section>'
            '<section id="tag_cloud-2" class="widget widget_tag_cloud"><h2 class="widget-title">'
            f'Topics</h2><div class="tagcloud">{tags}</div></section>'
            '<section class="widget widget_ad"><div class="ad-slot" id="div-gpt-ad-sidebar">'
            '<span class="ad-label">Advertisement</span></div></section>'
        )
