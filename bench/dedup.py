"""Duplicate clustering: precision, recall and speed of archive.dedup on generated news.

The corpus is generated with known truth, in English, Korean and Japanese: base
stories built from sentence templates with random names, places and numbers;
their copies (exact copies at other URLs, reprints with a new headline and the
ending trimmed, republications under another outlet's dateline, byline and
boilerplate, light rewording, and reprints reworded); and unrelated articles
from the same outlet that share many words with them: *same-topic* (half of
its sentence templates, other names and numbers), *templated* (every template
in the same order, other names and numbers: the hardest case, as with KCNA's
formulaic reports), *follow-up* (its two opening sentences, then new ones) and
*other* stories. Articles arrive in random order.

Each is archived through ``record_capture`` (the baseline: what archiving costs
without clustering) and then clustered by ``assign_cluster``, each in its own
transaction as a crawl does. Prints pairwise precision and recall against the
truth, articles per second, and the memory the LSH index takes.

    python bench/dedup.py [--stories 400] [--seed 1] [--threshold 0.5]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, select

from archive import Archive, Content, Fetch, dedup, open_archive, record_capture, upsert_source

__all__ = ["Doc", "cluster_all", "corpus", "ingest", "main", "pairwise"]

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
COPIES = ("exact", "reprint", "republish", "reword", "reprint+reword")

EN = """{p}, a senior official of the {o}, said on {d} that {l} would expand {g} production by {pct} percent this year.
Leader Kim Jong Un inspected the {f} in {l} and praised workers for overfulfilling the plan by {pct} percent.
North Korea fired {n} ballistic missiles from {l} toward the East Sea early on {d}, the Joint Chiefs of Staff said.
The missiles flew about {k} kilometers before falling outside Japan's exclusive economic zone, officials in Tokyo said.
Market prices of {g} in {l} rose to {k} won per kilogram in {m}, according to sources inside the country.
{p} told reporters that the move violated several United Nations Security Council resolutions.
Residents of {l} have been mobilized for {n} days of construction work on the new {f}.
Satellite imagery taken on {d} shows at least {n} trucks parked near the {f} in {l}.
The {o} denounced the joint drills as a rehearsal for invasion and vowed a strong response.
Analysts said the timing coincided with the visit of {p} to Seoul in {m}.
Officials in {l} ordered traders to hand over {pct} percent of their earnings to the state.
The {f} was completed in {m} after {n} months of work by soldier-builders from {l}.
{p} of the {o} said the price of {g} had doubled since {m}.
State media published photographs of the leader touring the {f} with {p}.
Border guards in {l} have been told to shoot anyone approaching the river without permission.
A meeting in {l} on {d} was attended by {k} delegates from provincial party committees.
Sources said {n} families in {l} had run out of {g} before the harvest.
The {o} said in a statement that it would bolster its nuclear deterrent without limit."""  # noqa: E501
KO = """{o}의 {p} 고위 관계자는 {d} {l}의 {g} 생산을 올해 {pct}% 늘릴 것이라고 밝혔다.
김정은 위원장은 {l}의 {f}를 현지지도하고 노동자들이 계획을 {pct}% 넘쳐 수행했다고 치하했다.
합동참모본부는 북한이 {d} 새벽 {l}에서 동해상으로 탄도미사일 {n}발을 발사했다고 밝혔다.
미사일은 약 {k}km를 비행한 뒤 일본 배타적경제수역 밖에 떨어진 것으로 알려졌다.
소식통에 따르면 {m} {l} 시장에서 {g} 가격은 1kg당 {k}원까지 올랐다.
{p}은 기자들에게 이번 조치가 여러 유엔 안보리 결의를 위반한 것이라고 말했다.
{l} 주민들은 새 {f} 건설을 위해 {n}일 동안 동원됐다.
{d} 촬영된 위성사진에는 {l}의 {f} 근처에 최소 {n}대의 트럭이 주차돼 있는 모습이 보인다.
{o}는 연합훈련을 침략 예행연습이라고 비난하며 강력히 대응하겠다고 경고했다.
전문가들은 이번 발사가 {m} {p}의 서울 방문 시기와 겹친다고 분석했다.
{l}의 간부들은 상인들에게 수입의 {pct}%를 국가에 바치라고 지시했다.
{f}는 {l} 군인건설자들이 {n}개월 동안 공사한 끝에 {m}에 완공됐다.
{o}의 {p}은 {m} 이후 {g} 가격이 두 배로 뛰었다고 말했다.
관영매체는 최고지도자가 {p}과 함께 {f}를 둘러보는 사진을 공개했다.
{l}의 국경경비대에는 허가 없이 강에 접근하는 사람은 누구든 사격하라는 지시가 내려졌다.
{d} {l}에서 열린 회의에는 도당위원회 대표 {k}명이 참석했다.
소식통은 {l}의 {n}가구가 추수 전에 {g}이 바닥났다고 전했다.
{o}는 성명에서 핵억제력을 무제한으로 강화하겠다고 밝혔다."""
JA = """{o}の{p}高官は{d}、{l}の{g}生産を今年{pct}％拡大すると明らかにした。
金正恩総書記は{l}の{f}を現地指導し、労働者が計画を{pct}％超過達成したと称賛した。
韓国軍合同参謀本部は、北朝鮮が{d}未明に{l}から東海に向けて弾道ミサイル{n}発を発射したと発表した。
ミサイルは約{k}キロ飛行し、日本の排他的経済水域の外に落下したとみられる。
消息筋によると、{m}の{l}の市場で{g}の価格は1キロ当たり{k}ウォンまで上昇した。
{p}氏は記者団に対し、今回の措置は複数の国連安保理決議に違反すると述べた。
{l}の住民は新しい{f}の建設のため{n}日間動員された。
{d}に撮影された衛星写真には、{l}の{f}付近に少なくとも{n}台のトラックが停まっている様子が写っている。
{o}は合同演習を侵略の予行演習だと非難し、強力に対応すると警告した。
専門家は、今回の発射が{m}の{p}氏のソウル訪問の時期と重なると分析した。
{l}の幹部は商人に対し、収入の{pct}％を国家に納めるよう指示した。
{f}は{l}の軍人建設者が{n}か月間工事を行い、{m}に完成した。
{o}の{p}氏は、{m}以降{g}の価格が2倍に跳ね上がったと語った。
国営メディアは最高指導者が{p}氏とともに{f}を視察する写真を公開した。
{l}の国境警備隊には、許可なく川に近づく者は誰であれ射撃せよとの指示が出された。
{d}に{l}で開かれた会議には道党委員会の代表{k}人が出席した。
消息筋は、{l}の{n}世帯が収穫前に{g}を切らしたと伝えた。
{o}は声明で、核抑止力を無制限に強化すると表明した。"""

MONTHS = "January February March April May June July August September October November December"
LANGS: dict[str, dict] = {
    "en": {
        "templates": EN.splitlines(),
        "p": "Choe Son Hui|Ri Pyong Chol|Pak Jong Chon|Kim Yo Jong|Jo Yong Won|Kim Tok Hun|"
        "Ri Il Hwan|Jong Kyong Thaek|Han Kwang Sang|O Su Yong|Kim Song Nam|Ju Chang Il",
        "l": "Pyongyang|Hyesan|Sinuiju|Wonsan|Hamhung|Chongjin|Nampho|Kaesong|Kanggye|"
        "Sariwon|Haeju|Rason|Musan|Hoeryong",
        "f": "fertilizer complex|greenhouse farm|machine plant|power station|textile mill|"
        "housing district|hospital|fish farm|steel works|railway bridge",
        "g": "rice|corn|flour|diesel|pork|fertilizer|cement|potatoes",
        "o": "Ministry of Foreign Affairs|Central Committee|Ministry of National Defence|"
        "State Planning Commission|Cabinet|General Staff",
        "m": MONTHS.replace(" ", "|"),
        "d": lambda r: f"{r.choice(MONTHS.split())} {r.randint(1, 28)}",
        "sep": " ",
        "outlets": [
            ("yonhap", "SEOUL, Nov. 23 (Yonhap) --", "(END)"),
            ("kcna", "Pyongyang, November 23 (KCNA) --", "www.kcna.kp (Juche114.11.23.)"),
            ("rodong", "Rodong Sinmun, November 23", "Copyright 2025 Rodong Sinmun."),
            ("dailynk", "By Daily NK staff", "Please direct comments to dailynk@uni-media.net."),
        ],
        "swap": "said=stated told=informed fired=launched about=around inspected=visited "
        "rose=climbed Officials=Authorities Residents=Locals shows=reveals ordered=instructed "
        "completed=finished published=released attended=joined strong=firm",
        "titles": ["{l} to boost {g} output", "North Korea fires missiles", "Kim visits {l}"],
    },
    "ko": {
        "templates": KO.splitlines(),
        "p": "최선희|리병철|박정천|김여정|조용원|김덕훈|리일환|정경택|한광상|오수용|김성남|주창일",
        "l": "평양|혜산|신의주|원산|함흥|청진|남포|개성|강계|사리원|해주|라선|무산|회령",
        "f": "비료공장|온실농장|기계공장|발전소|방직공장|살림집 구역|병원|양어장|제철소|철교",
        "g": "쌀|옥수수|밀가루|디젤유|돼지고기|비료|시멘트|감자",
        "o": "외무성|당 중앙위원회|국방성|국가계획위원회|내각|총참모부",
        "m": "|".join(f"{i}월" for i in range(1, 13)),
        "d": lambda r: f"{r.randint(1, 28)}일",
        "sep": " ",
        "outlets": [
            (
                "yonhap-ko",
                "(서울=연합뉴스) 김효정 기자 =",
                "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>",
            ),
            ("kcna-ko", "(평양 11월 23일발 조선중앙통신)", "【조선중앙통신】"),
            ("rodong-ko", "로동신문 11월 23일", "주체114(2025)년 11월 23일 로동신문"),
            ("dailynk-ko", "데일리NK 강미진 기자", "ⓒ데일리NK 무단전재 및 재배포 금지"),
        ],
        "swap": "밝혔다=전했다 말했다=언급했다 발사했다=쏘아올렸다 올랐다=상승했다 "
        "지시했다=명령했다 공개했다=내보냈다 참석했다=참가했다 경고했다=위협했다 "
        "분석했다=평가했다 강력히=단호히 치하했다=칭찬했다",
        "titles": ["{l} {g} 증산", "북한 미사일 발사", "김정은 {l} 방문"],
    },
    "ja": {
        "templates": JA.splitlines(),
        "p": "崔善姫|李炳哲|朴正天|金与正|趙甬元|金徳訓|李日煥|鄭京擇|韓光相|呉秀容|金星男|朱昌日",
        "l": "平壌|恵山|新義州|元山|咸興|清津|南浦|開城|江界|沙里院|海州|羅先|茂山|会寧",
        "f": "肥料工場|温室農場|機械工場|発電所|紡織工場|住宅地区|病院|養魚場|製鉄所|鉄道橋",
        "g": "コメ|トウモロコシ|小麦粉|軽油|豚肉|肥料|セメント|ジャガイモ",
        "o": "外務省|党中央委員会|国防省|国家計画委員会|内閣|総参謀部",
        "m": "|".join(f"{i}月" for i in range(1, 13)),
        "d": lambda r: f"{r.randint(1, 28)}日",
        "sep": "",
        "outlets": [
            ("kyodo", "【ソウル共同】", "（共同）"),
            ("kcna-ja", "【平壌11月23日発朝鮮中央通信】", "（朝鮮中央通信）"),
            ("rodong-ja", "労働新聞11月23日付", "（労働新聞）"),
            (
                "asiapress",
                "（石丸次郎）",
                "※アジアプレスは北朝鮮内部の取材協力者と連絡を取っている。",
            ),
        ],
        "swap": "明らかにした=発表した 述べた=語った 発射した=打ち上げた 上昇した=値上がりした "
        "指示した=命じた 公開した=報じた 出席した=参加した 警告した=威嚇した "
        "分析した=指摘した 強力に=断固として 称賛した=たたえた",
        "titles": ["{l}で{g}増産へ", "北朝鮮がミサイル発射", "金総書記が{l}訪問"],
    },
}


@dataclass(frozen=True)
class Doc:
    url: str
    source: str
    lang: str
    title: str
    text: str
    truth: str  # documents with the same truth are copies of one story
    kind: str  # base, exact, reprint, republish, reword, reprint+reword, same-topic, ...


class _Writer:
    """Stories in one language: templates filled with random names, places and numbers."""

    def __init__(self, lang: str, rng: random.Random) -> None:
        self.lang, self.rng, self.spec = lang, rng, LANGS[lang]

    def fill(self, template: str) -> str:
        r, spec = self.rng, self.spec
        values = {k: r.choice(spec[k].split("|")) for k in "plfgom"}
        values |= {"d": spec["d"](r), "n": r.randint(2, 9), "k": r.randint(100, 9999)}
        return template.format(pct=r.randint(5, 60), **values)

    def sentences(self, order: list[int]) -> list[str]:
        return [self.fill(self.spec["templates"][i]) for i in order]

    def order(self) -> list[int]:
        return self.rng.sample(range(len(self.spec["templates"])), self.rng.randint(6, 12))

    def text(self, sentences: list[str], outlet: int, extra: str = "") -> str:
        _, header, footer = self.spec["outlets"][outlet]
        sep, paras, i = self.spec["sep"], [], 0
        while i < len(sentences):
            step = self.rng.randint(1, 2)
            paras.append(sep.join(sentences[i : i + step]))
            i += step
        return "\n\n".join([header, *paras, *([extra] if extra else []), footer])

    def title(self) -> str:
        return self.fill(self.rng.choice(self.spec["titles"]))

    def reword(self, text: str) -> str:
        for pair in self.spec["swap"].split():
            old, new = pair.split("=")
            if self.rng.random() < 0.6:
                text = text.replace(old, new)
        return text


def corpus(stories: int = 400, seed: int = 1) -> list[Doc]:
    """Generated articles with known truth, shuffled into arrival order."""
    rng = random.Random(seed)
    docs: list[Doc] = []

    def add(w: _Writer, outlet: int, title: str, text: str, truth: str, kind: str) -> None:
        source = w.spec["outlets"][outlet][0]
        docs.append(
            Doc(f"https://{source}.example/{len(docs)}", source, w.lang, title, text, truth, kind)
        )

    for s in range(stories):
        w = _Writer(rng.choice(["en", "en", "ko", "ja"]), rng)
        order, home = w.order(), rng.randrange(4)
        body, title = w.sentences(order), w.title()
        text = w.text(body, home)
        add(w, home, title, text, f"s{s}", "base")
        for kind in rng.sample(COPIES, rng.randint(0, 3)):
            other = (home + rng.randint(1, 3)) % 4
            if kind == "exact":
                add(w, other, title, text.replace("\n\n", "\n"), f"s{s}", kind)
            elif kind == "republish":
                _, header, footer = w.spec["outlets"][home]
                add(
                    w, other, title, w.text(body, other, extra=header + " " + footer), f"s{s}", kind
                )
            else:
                kept = (
                    body[: max(3, round(len(body) * rng.uniform(0.6, 0.85)))]
                    if "reprint" in kind
                    else body
                )
                new = w.text(kept, home)
                add(w, other, w.title(), w.reword(new) if "reword" in kind else new, f"s{s}", kind)
        # Unrelated articles sharing many words with this one, from the same outlet.
        if rng.random() < 0.6:  # half of its sentence templates, other names and numbers
            mixed = order[: len(order) // 2] + [i for i in w.order() if i not in order][:4]
            add(w, home, title, w.text(w.sentences(mixed), home), f"t{s}", "same-topic")
        if rng.random() < 0.2:  # every sentence template, other names and numbers
            add(w, home, title, w.text(w.sentences(order), home), f"f{s}", "templated")
        if rng.random() < 0.4:  # a follow-up that reuses its two opening sentences
            fresh = w.sentences(w.order()[:6])
            add(w, home, w.title(), w.text(body[:2] + fresh, home), f"u{s}", "follow-up")
        if rng.random() < 0.3:
            add(w, home, w.title(), w.text(w.sentences(w.order()), home), f"o{s}", "other")
    rng.shuffle(docs)
    return docs


def ingest(archive: Archive, docs: list[Doc]) -> list[int]:
    """Archive each document as a crawl would; returns their article ids."""
    with archive.write() as session:
        for source in sorted({d.source for d in docs}):
            upsert_source(session, source, name=source)
    ids = []
    for doc in docs:
        with archive.write() as session:
            content = Content(title=doc.title, text=doc.text, language=doc.lang)
            fetch = Fetch(url=doc.url, fetched_at=T0, status=200, body=None)
            ids.append(record_capture(session, doc.source, fetch, content).article_id)
    return ids


def cluster_all(archive: Archive, ids: list[int]) -> dict[int, int]:
    """Cluster the articles from scratch in arrival order; returns article id -> cluster id."""
    from archive.models import Article

    with archive.write() as session:
        session.execute(delete(dedup.DedupSignature))
    dedup.reset_cache(archive.engine)
    for article_id in ids:
        with archive.write() as session:
            article = session.get(Article, article_id)
            dedup.assign_cluster(session, article_id, article.latest_version)
    with archive.read() as session:
        rows = session.execute(
            select(dedup.DedupSignature.article_id, dedup.DedupSignature.cluster_id)
        )
        return dict(rows.all())


def pairwise(predicted: list[object], truth: list[object]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering (labels per item) against the truth."""

    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(predicted, truth, strict=True)))
    said, true = pairs(Counter(predicted)), pairs(Counter(truth))
    return (both / said if said else 1.0), (both / true if true else 1.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=dedup.MATCH_THRESHOLD)
    args = parser.parse_args()
    dedup.MATCH_THRESHOLD = args.threshold
    docs = corpus(args.stories, args.seed)
    print(
        f"{len(docs)} articles from {args.stories} stories: {dict(Counter(d.kind for d in docs))}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        archive = open_archive(f"sqlite:///{Path(tmp) / 'bench.db'}")
        start = time.perf_counter()
        ids = ingest(archive, docs)
        archived = time.perf_counter() - start
        start = time.perf_counter()
        clusters = cluster_all(archive, ids)
        clustered = time.perf_counter() - start
        dedup.reset_cache(archive.engine)  # a new process: the index is built from the table
        tracemalloc.start()
        start = time.perf_counter()
        with archive.read() as session:
            index = dedup._index(session)
        built = time.perf_counter() - start
        memory = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        indexed = len(index.versions)
        archive.close()
    predicted = [clusters[i] for i in ids]
    precision, recall = pairwise(predicted, [d.truth for d in docs])
    n = len(docs)
    print(f"threshold {dedup.MATCH_THRESHOLD}  bands x rows {dedup.LSH_BANDS} x {dedup.LSH_ROWS}")
    print(f"pairwise precision {precision:.3f}  recall {recall:.3f}")
    _breakdown(docs, predicted)
    print(f"record_capture {n / archived:.0f} articles/s (baseline)")
    ratio = clustered / archived
    print(f"assign_cluster {n / clustered:.0f} articles/s ({ratio:.2f}x the baseline's time)")
    per_article = memory / max(indexed, 1) / 1024
    print(f"index rebuilt from the table in {built:.2f} s, {per_article:.1f} KiB per article")
    return 0


def _breakdown(docs: list[Doc], predicted: list[object]) -> None:
    """Which copies were found, and which unrelated articles were merged, by kind."""
    label_of_truth = {d.truth: p for d, p in zip(docs, predicted, strict=True) if d.kind == "base"}
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for doc, label in zip(docs, predicted, strict=True):
        if doc.kind == "base":
            continue
        total[doc.kind] += 1
        base = label_of_truth.get(doc.truth) or label_of_truth.get("s" + doc.truth[1:])
        together = label == base
        found[doc.kind] += together if doc.truth.startswith("s") else not together
    for kind in total:
        what = "joined its story" if kind in COPIES else "kept apart"
        print(f"  {kind:15} {found[kind]:4}/{total[kind]:<4} {what}")


if __name__ == "__main__":
    sys.exit(main())
