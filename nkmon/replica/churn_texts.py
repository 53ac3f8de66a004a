"""Original, fictional texts for the churning replica outlet (:mod:`nkmon.replica.churn`).

Plain data written for this project; the outlet, its reporters, sources and advertisers are
invented. Three stories have a second revision, each a different kind of real edit: a new
headline, an official's name scrubbed from the text, a changed byline. The advertisements and
the menu are page furniture that the churning theme rotates on every request.
"""

from __future__ import annotations

from typing import Any

SITE_NAME = "Tumen River Ledger"
TAGLINE = "News and analysis from and about North Korea"

#: The official whose name the second revision of the cabinet story removes.
PURGED_NAME = "Vice-Premier Ryom Kwang Sok"

#: Main navigation (label, category slug).
MENU: tuple[tuple[str, str], ...] = (
    ("Politics", "politics"),
    ("Economy", "economy"),
    ("Military", "military"),
    ("Society", "society"),
    ("Border Region", "border-region"),
    ("Analysis", "analysis"),
)

#: Rotating advertisements: (headline, body, sponsor domain).
ADS: tuple[tuple[str, str, str], ...] = (
    ("Learn Korean in 12 weeks", "Live evening classes with certified tutors. First lesson free.",
     "hangeul-academy.example"),
    ("Seoul to Tokyo from $139", "Winter fares on nonstop flights, book before Friday.",
     "skybridge-air.example"),
    ("Peninsula Risk Monitor Pro", "Daily sanctions and shipping alerts for compliance teams.",
     "riskmonitor.example"),
    ("Noise-cancelling headphones", "Forty hours of battery life. Free delivery this week.",
     "soundcrate.example"),
    ("Master's in Asian Security Studies", "Apply by January 15 for scholarships and stipends.",
     "eastgate-university.example"),
    ("Winter jackets, 40% off", "Down parkas tested at minus 30 degrees. Limited sizes left.",
     "northface-outfitters.example"),
    ("VPN for travellers", "Stay private on hotel and airport Wi-Fi. Try it free for 30 days.",
     "tunnelvpn.example"),
    ("Hire a Korean translator", "Certified legal and business translation in 48 hours.",
     "linguabridge.example"),
)  # fmt: skip

NEWSLETTER_TEXT = "The Ledger Weekly: our North Korea briefing in your inbox every Thursday."
SOFT_404_TEXT = (
    "Page not found — the article you requested may have been moved or deleted. Try searching."
)
GONE_TEXT = "This article has been permanently removed by the editors."

ARTICLES: list[dict[str, Any]] = [
    {
        "slug": "greenhouse-farm-opens-near-pyongyang",
        "category": "Economy",
        "published": "2026-11-16T01:40:00+00:00",
        "authors": ("Seo Ha-yoon",),
        "title": "North Korea opens vast greenhouse farm on the outskirts of Pyongyang",
        "paragraphs": (
            "North Korea has opened a greenhouse farm covering more than 200 hectares on the "
            "eastern edge of Pyongyang, state media reported on Monday, presenting it as proof "
            "that the capital can grow its own vegetables through the winter.",
            "Photographs carried by the official news agency showed rows of plastic-roofed halls "
            "with cucumbers, tomatoes and leafy greens, and workers in white coats checking "
            "heating pipes. The farm includes some 800 apartments for its staff, according to "
            "the reports.",
            "Construction began in the spring of 2024 and was carried out largely by soldiers, "
            "who were also used on earlier greenhouse projects in Jungphyong and Ryonpho. Those "
            "farms were completed in less than a year, and their output has never been "
            "independently verified.",
            "Residents contacted by the Ledger through intermediaries said that vegetables in "
            "Pyongyang state shops remain scarce in winter and that most households still rely on "
            "kimchi made in November. One source said greenhouse produce tends to reach "
            "institutions and hotels before it reaches ordinary shoppers.",
            "Agricultural economists say heating is the weak point. Greenhouses in the North are "
            "usually warmed with coal or with waste heat from power plants, and shortages of "
            "either have left earlier farms idle for weeks during the coldest months.",
        ),
        "edit": {
            "title": "Pyongyang greenhouse farm opens after two-year build by army units",
            "modified": "2026-11-16T09:15:00+00:00",
        },
    },
    {
        "slug": "cabinet-meeting-orders-coal-drive",
        "category": "Politics",
        "published": "2026-11-14T06:20:00+00:00",
        "authors": ("Park Ji-hoon",),
        "title": "Cabinet meeting orders coal mines to raise output before the winter peak",
        "paragraphs": (
            "North Korea's cabinet has ordered coal mines across South Phyongan Province to "
            "raise production before the heating season peaks in January, according to a report "
            "of an enlarged plenary meeting published in the party newspaper on Friday.",
            f"{PURGED_NAME}, who oversees the mining sector, told the meeting that several large "
            "pits had fallen behind their annual plans because of flooding and a lack of spare "
            "parts for electric locomotives, the report said.",
            "The meeting called for mining equipment to be repaired at local factories instead of "
            "waiting for imports, and for power stations to keep reserve stocks of at least "
            "twenty days. Officials who fail to deliver will be held to account, it warned.",
            f"State television showed {PURGED_NAME} seated in the front row of the hall and "
            "reading from a thick report. It was his first public appearance since "
            "a tour of the Tokchon mining complex in August.",
            "Analysts in Seoul note that coal output matters to the North twice over: it heats "
            "homes and runs thermal power stations, and before sanctions it was also the country's "
            "largest export earner. Coal exports have been banned by the United Nations since "
            "2017, though smuggling by sea continues, according to U.N. monitors.",
        ),
        "edit": {
            "replace": {
                1: "Officials who oversee the mining sector told the meeting that several large "
                "pits had fallen behind their annual plans because of flooding and a lack of "
                "spare parts for electric locomotives, the report said.",
                3: "State television showed rows of officials in the meeting hall reading from "
                "thick reports and taking notes.",
            },
            "modified": "2026-11-15T22:05:00+00:00",
        },
    },
    {
        "slug": "sinuiju-trucks-queue-at-border-bridge",
        "category": "Border Region",
        "published": "2026-11-12T04:00:00+00:00",
        "authors": ("Choi Yun-hee",),
        "title": "Trucks queue at Sinuiju bridge as cross-border trade picks up before winter",
        "paragraphs": (
            "Lines of cargo trucks have formed on the Sinuiju side of the bridge over the Yalu "
            "River in recent weeks, traders in the Chinese city of Dandong said, as North Korean "
            "importers rush to bring in goods before the river freezes and roads worsen.",
            "The trucks mostly carry flour, cooking oil, fabrics and plastic sheeting for "
            "greenhouses, according to two traders who deal with North Korean partners. Returning "
            "trucks often travel empty, since most of the North's main exports remain under "
            "sanctions.",
            "One trader said inspections on the North Korean side had become slower and stricter "
            "this autumn, with customs officers opening more boxes and asking for written "
            "approval from the trade ministry for goods that used to pass without question.",
            "Official Chinese customs figures show trade with North Korea rising for a third "
            "year, but still well below its level before the border was sealed during the "
            "pandemic. Much of the traffic is controlled by a small number of state trading "
            "companies with permits from Pyongyang.",
        ),
        "edit": {"authors": ("Min Seo-yeon",), "modified": "2026-11-13T02:30:00+00:00"},
    },
    {
        "slug": "rodong-sinmun-urges-kimchi-season-effort",
        "category": "Society",
        "published": "2026-11-10T00:45:00+00:00",
        "authors": ("Seo Ha-yoon",),
        "title": "Party newspaper urges an all-out effort for the kimchi-making season",
        "paragraphs": (
            "The Rodong Sinmun devoted most of its third page on Tuesday to the annual "
            "kimchi-making season, urging local officials to make sure every household receives "
            "its share of cabbage and radish before the first hard frost.",
            "The newspaper praised farms in North Hwanghae Province for delivering cabbages "
            "early and criticised unnamed county officials for letting vegetables rot in "
            "storage last year. Kimchi is the country's most important source of vegetables in "
            "winter, it reminded readers.",
            "Sources in Hamhung said that state rations of cabbage have been small in recent "
            "years and that many families buy most of what they need at markets, where prices "
            "rise sharply in November. A kilogram of cabbage cost about 2,500 won in one "
            "market last week, one source said.",
            "Neighbourhood units usually organise the work together, with families taking turns "
            "to use shared salting tanks and storage pits. Factories and schools are often given "
            "days off so that workers can help their families finish in time.",
        ),
    },
    {
        "slug": "hyesan-market-checks-on-chinese-goods",
        "category": "Society",
        "published": "2026-11-07T08:30:00+00:00",
        "authors": ("Park Ji-hoon", "Lee Dong-min"),
        "title": "Hyesan market vendors face new inspections of Chinese-made goods, sources say",
        "paragraphs": (
            "Inspectors in Hyesan have begun checking stalls in the city's main market for "
            "Chinese-made clothing and cosmetics that lack state import labels, two residents of "
            "the border city told the Ledger this week.",
            "Vendors caught with unlabelled goods have had their stock confiscated and been "
            "ordered to attend self-criticism sessions, the residents said. Some traders now keep "
            "only a few items on display and bring more from home when a customer asks.",
            "The checks follow a national campaign against what the authorities call "
            "anti-socialist behaviour, which has targeted foreign films, South Korean slang and "
            "unauthorised trade. Markets, which many families depend on for income, have been "
            "squeezed repeatedly since 2020.",
            "One of the residents said that prices of Chinese shampoo and children's clothes had "
            "risen by about a third since the inspections began, because fewer vendors are "
            "willing to take the risk of selling them.",
        ),
    },
    {
        "slug": "kcna-warns-over-naval-exercise",
        "category": "Military",
        "published": "2026-11-05T11:10:00+00:00",
        "authors": ("Choi Yun-hee",),
        "title": "KCNA warns of countermeasures as allies prepare joint naval exercise",
        "paragraphs": (
            "North Korea's state news agency warned on Thursday that the country would take "
            "resolute countermeasures against a joint naval exercise planned by South Korea and "
            "the United States in waters off the east coast later this month.",
            "In a commentary, the agency called the drill a rehearsal for a pre-emptive attack and "
            "said the North's navy was ready to respond to any provocation. It did not say what "
            "the countermeasures would involve.",
            "South Korea's defence ministry said the exercise was defensive and routine, and "
            "that it would involve destroyers, a submarine and maritime patrol aircraft over "
            "five days. The allies hold similar drills several times a year.",
            "The North has often answered such exercises with missile launches or artillery "
            "firing near the maritime border. Its last launch, of two short-range ballistic "
            "missiles, came in late September.",
        ),
    },
]

# -- page templates (str.format); each line of PAGE and ARTICLE is one block, and the theme puts
# random whitespace between blocks on every request.

PAGE = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{head}
<meta name="csrf-token" content="{csrf}">
<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Feed" href="{base}/feed/">
<link rel="stylesheet" href="/wp-content/themes/ledger/style.css?ver=3.1" media="all">
<script>var ledgerConfig = {config};</script>
</head>
<body class="{body_class}" data-pageview="{pageview}">
<div class="top-bar"><span class="site-updated">Updated {minutes} minutes ago</span> \
<a href="{newsletter_link}">Newsletter</a></div>
<header id="masthead" class="site-header"><p class="site-title"><a href="{home_link}" \
rel="home">{name}</a></p><p class="site-description">{tagline}</p></header>
<nav id="site-navigation" class="main-navigation"><ul class="menu">{menu}</ul></nav>
<div id="content" class="site-content"><div id="primary" class="content-area">
<main id="main" class="site-main">
{main}
</main></div>
<aside id="secondary" class="widget-area">
<section class="widget widget-trending"><h2 class="widget-title">Trending now</h2>\
<ol class="trending-list">{trending}</ol></section>
<section class="widget ad-widget">{side_ad}</section>
<section class="widget widget-newsletter"><h2 class="widget-title">Newsletter</h2>\
<p>{newsletter}</p><form method="post" action="{base}/newsletter/subscribe/">\
<input type="email" name="email" required><input type="hidden" name="_wpnonce" value="{nonce}">\
<button type="submit">Subscribe</button></form></section>
</aside></div>
<footer id="colophon" class="site-footer"><p>&copy; 2026 {name}</p><ul class="footer-menu">\
<li><a href="{about_link}">About</a></li><li><a href="{base}/feed/">RSS</a></li></ul></footer>
<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
</body>
</html>
"""

ARTICLE = """<article id="post-{id}" class="post-{id} post type-post status-publish hentry \
category-{category_slug}">
<header class="entry-header"><span class="cat-links"><a href="{category_link}" \
rel="category tag">{category}</a></span>
<h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="byline">By {byline}</span> <span class="posted-on">\
<time class="entry-date published" datetime="{published}">{published_human}</time>{updated}\
</span> <span class="post-views">Viewed {views} times</span> \
<a class="comments-link" href="#comments">{comments} Comments</a></div></header>
<div class="entry-content">
{paragraphs}
</div></article>
<section class="related-posts"><h3 class="related-title">Related articles</h3>\
<ul class="related-list">{related}</ul></section>
<div id="comments" class="comments-area"><h2 class="comments-title">{comments} Comments</h2>\
<form action="{base}/wp-comments-post.php" method="post" id="commentform">\
<textarea name="comment"></textarea><input type="hidden" name="comment_post_ID" value="{id}">\
<input type="hidden" name="_wpnonce" value="{nonce}"><input type="submit" value="Post Comment">\
</form></div>"""

AD = """<span class="ad-label">Advertisement</span> <a href="https://{domain}/?utm_source=ledger\
&amp;ref={ref}" rel="sponsored nofollow"><strong>{headline}</strong> {body}</a>"""

#: Heading and text of the "not found" page, by delete mode.
ERRORS = {
    "404": (
        "Oops! That page can’t be found.",
        "It looks like nothing was found at this location. Maybe try a search?",
    ),
    "410": ("Gone", GONE_TEXT),
    "soft404": ("Oops! That page can’t be found.", SOFT_404_TEXT),
}

ERROR_MAIN = """<section class="error-404 not-found"><header class="page-header">\
<h1 class="page-title">{heading}</h1></header><div class="page-content"><p>{text}</p>\
<form role="search" method="get" action="{base}/"><input type="search" name="s">\
<input type="submit" value="Search"></form></div></section>"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{name}</title>
<atom:link href="{base}/feed/" rel="self" type="application/rss+xml" />
<link>{base}</link>
<description>{tagline}</description>
<lastBuildDate>{build}</lastBuildDate>
<language>en-US</language>
{items}</channel>
</rss>
"""

FEED_ITEM = """<item><title>{title}</title><link>{link}</link>{creators}
<pubDate>{published}</pubDate><category>{category}</category>
<guid isPermaLink="false">{guid}</guid><description><![CDATA[{excerpt}]]></description>
<content:encoded><![CDATA[{content}]]></content:encoded></item>
"""

ROBOTS = """User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php

Sitemap: {base}/sitemap.xml
"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>
"""

META = """<meta name="description" content="{description}">
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{name}">
<meta property="article:section" content="{section}">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{modified}">
<meta name="author" content="{authors}">
<script type="application/ld+json">{ld_json}</script>"""

#: What a broken origin answers while the site is down: a CDN's 503 or PHP's fatal error.
DOWN_PAGES = {
    "503": "<html><head><title>503 Service Temporarily Unavailable</title></head><body>"
    "<center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center>"
    "</body></html>\n",
    "500": '<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>WordPress '
    '&rsaquo; Error</title></head><body id="error-page"><div class="wp-die-message"><p>There '
    "has been a critical error on this website.</p></div></body></html>\n",
}
