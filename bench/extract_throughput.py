"""Throughput of the news pipeline on one core: plain-text and HTML articles per second.

Generates articles (half scraped plain text with page furniture, half saved HTML pages) from
templates of realistic size (about 600 words), runs the whole pipeline on each — decode,
main text, language, actors, places, events, dedupe, relations, output — and, in the same run,
trafilatura's extraction alone on the HTML half. Rates are per second of the process's CPU
time (one core, single-threaded), so that other load on the machine does not skew them.
Prints the median of three runs and ends with one line of ``name=value`` pairs.

    python bench/extract_throughput.py [--articles 1000] [--runs 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from html import escape

from truce.ingest.document import Hints, Rejected
from truce.ingest.pipeline import Resources, build_resources, extract

ACTORS = [
    "the Libyan National Army",
    "Haftar's forces",
    "the Government of National Accord",
    "the Tripoli government",
    "Turkey",
    "Russia",
    "the Wagner Group",
    "Syrian mercenaries",
    "the UN mission",
    "the 5+5 Joint Military Commission",
    "Egypt",
    "the United Arab Emirates",
]
PLACES = [
    "Sirte",
    "Misrata",
    "Abu Qurain",
    "the Jufra airbase",
    "al-Watiya airbase",
    "Benghazi",
    "Tripoli",
    "Brega",
    "Ras Lanuf",
    "Sabha",
    "Ghadames",
    "Zliten",
    "Bani Walid",
    "Tarhuna",
]
DAYS = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "late on Saturday",
    "last week",
    "the following day",
    "in June",
    "last month",
    "on 23 October",
]
SENTENCES = [
    "{a} shelled positions of {b} near {p} {d}, a local commander said.",
    "{a} sent reinforcements to {p} {d}, according to residents.",
    "Heavy fighting erupted {d} near {p} between {a} and {b}.",
    "{a} accused {b} {d} of violating the ceasefire around {p}.",
    "{a} said {d} that it would not withdraw from {p}.",
    "A delegation of {a} held talks with {b} in {p} {d}.",
    "{a} will meet {b} in {p} next month to discuss the withdrawal points.",
    "Drones struck a convoy of {a} near {p} {d}, destroying several vehicles.",
    "{a} denied any movement of its units toward {p}.",
    "Hundreds of residents protested in {p} {d} against {a}.",
    "{a}, which is backed by {b}, has deployed air-defence systems at {p}.",
    "The visit to {p} planned for {d} was called off, officials said.",
    "Cargo planes carrying ammunition for {a} landed at {p} {d}.",
    "Analysts said the situation around {p} remained tense after weeks of fighting.",
    "The two sides agreed to exchange prisoners and to reopen the coastal road near {p}.",
]
FURNITURE = [
    "Advertisement",
    "Read more: {a} and {b} trade accusations over {p}",
    "Share on Facebook   Share on Twitter   Email",
    "Newsletter",
    "Sign up for our morning briefing",
    "Tags: Libya · {p} · ceasefire",
]
RELATED = [
    "More from the Desk",
    "{a} says talks in {p} will resume",
    "Fuel protest in {p} turns violent",
    "{b} denies sending fighters to {p}",
]


def _fill(template: str, rng: random.Random) -> str:
    a, b = rng.sample(ACTORS, 2)
    sentence = template.format(a=a, b=b, p=rng.choice(PLACES), d=rng.choice(DAYS))
    return sentence[0].upper() + sentence[1:]


def _paragraphs(rng: random.Random, words: int) -> list[str]:
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = " ".join(_fill(rng.choice(SENTENCES), rng) for _ in range(rng.randint(1, 3)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return paragraphs


def make_text_article(rng: random.Random, published: date) -> bytes:
    body = _paragraphs(rng, rng.randint(450, 750))
    for _ in range(3):
        body.insert(rng.randrange(1, len(body)), _fill(rng.choice(FURNITURE), rng))
    lines = [
        "The Desk",
        "Home | Libya | World | Economy | Opinion",
        "",
        _fill("Fighting near {p} as {a} and {b} trade blame", rng),
        "",
        "By Desk staff",
        published.strftime("%d %B %Y"),
        "",
        *(line for paragraph in body for line in (paragraph, "")),
        *(_fill(line, rng) for line in RELATED),
        "",
        "© 2020 The Desk. All rights reserved.",
    ]
    return "\n".join(lines).encode("utf-8")


def make_html_article(rng: random.Random, published: date) -> bytes:
    body = _paragraphs(rng, rng.randint(450, 750))
    title = escape(_fill("Fighting near {p} as {a} and {b} trade blame", rng))
    related = "".join(f"<li><a href='/x'>{escape(_fill(r, rng))}</a></li>" for r in RELATED[1:])
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | The Desk</title><meta property="og:site_name" content="The Desk">
<meta property="article:published_time" content="{published.isoformat()}T08:00:00Z">
<script>window.dataLayer=[];function track(){{dataLayer.push(arguments);}}</script>
<style>body{{font-family:serif}} .nav a{{margin:4px}}</style></head><body>
<nav class="nav"><a href="/">Home</a><a href="/libya">Libya</a><a href="/world">World</a></nav>
<div class="cookie">We use cookies. <button>Accept</button></div>
<main><article><h1>{title}</h1><p class="byline">By Desk staff</p>
{"".join(f"<p>{escape(p)}</p>" for p in body)}
<aside><h3>Read more</h3><ul>{related}</ul></aside></article>
<section class="most-read"><h2>Most read</h2><ul>{related}</ul></section></main>
<footer>© 2020 The Desk · About · Privacy</footer></body></html>"""
    return page.encode("utf-8")


def make_corpus(count: int, seed: int) -> tuple[list[tuple[bytes, date]], list[tuple[bytes, date]]]:
    rng = random.Random(seed)
    texts, pages = [], []
    for index in range(count):
        published = date(2020, 6, 1) + timedelta(days=rng.randrange(240))
        if index % 2:
            pages.append((make_html_article(rng, published), published))
        else:
            texts.append((make_text_article(rng, published), published))
    return texts, pages


def _rate(items: Sequence[tuple[bytes, date]], work: Callable[[bytes, date], object]) -> float:
    """Articles per second of this process's CPU time: one core's rate, whatever else runs."""
    start = time.process_time()
    for raw, published in items:
        work(raw, published)
    return len(items) / (time.process_time() - start)


def run(
    articles: int, runs: int, seed: int, out: Callable[[str], None] = print
) -> dict[str, float]:
    import trafilatura

    resources: Resources = build_resources()
    texts, pages = make_corpus(articles, seed)
    words = statistics.mean(len(raw.decode().split()) for raw, _ in texts)

    def pipeline(raw: bytes, published: date) -> object:
        result = extract(raw, Hints(published=published), resources)
        if isinstance(result, Rejected):
            raise RuntimeError(f"a generated article was rejected: {result}")
        return result

    def trafilatura_only(raw: bytes, published: date) -> object:
        return trafilatura.bare_extraction(raw.decode(), with_metadata=True)

    text_rates, html_rates, traf_rates = [], [], []
    for number in range(1, runs + 1):
        text_rates.append(_rate(texts, pipeline))
        html_rates.append(_rate(pages, pipeline))
        traf_rates.append(_rate(pages, trafilatura_only))
        out(
            f"run {number}: text {text_rates[-1]:.1f}/s, html {html_rates[-1]:.1f}/s, "
            f"trafilatura alone {traf_rates[-1]:.1f}/s"
        )
    figures = {
        "articles": float(len(texts) + len(pages)),
        "words_per_text_article": round(words),
        "text_articles_per_s": round(statistics.median(text_rates), 1),
        "html_articles_per_s": round(statistics.median(html_rates), 1),
        "trafilatura_only_per_s": round(statistics.median(traf_rates), 1),
    }
    figures["html_pipeline_to_trafilatura_ratio"] = round(
        figures["html_articles_per_s"] / figures["trafilatura_only_per_s"], 3
    )
    out(
        f"plain text: {figures['text_articles_per_s']} articles/s (median of {runs}), "
        f"~{figures['words_per_text_article']:.0f} words each"
    )
    out(
        f"HTML: {figures['html_articles_per_s']} articles/s end to end; trafilatura alone "
        f"{figures['trafilatura_only_per_s']}/s; "
        f"ratio {figures['html_pipeline_to_trafilatura_ratio']}"
    )
    out(" ".join(f"{name}={value:g}" for name, value in figures.items()))
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1000, help="articles to generate")
    parser.add_argument("--runs", type=int, default=3, help="runs; the median is reported")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args(argv)
    if options.articles < 2 or options.runs < 1:
        parser.error("--articles must be at least 2 and --runs at least 1")
    run(options.articles, options.runs, options.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
