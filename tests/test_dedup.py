"""Duplicate clusters on migrated archives: exact copies, reprints and republications in
English, Korean and Japanese, kept apart from other stories, across processes, and the CLI."""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from archive import Content, Fetch, open_archive, record_capture, upsert_source
from archive.dedup import (
    DedupSignature,
    assign_cluster,
    backfill,
    cluster_sizes,
    reset_cache,
    similar,
    text_signature,
)
from archive.models import Version

T0 = datetime(2025, 11, 22, 9, 0, tzinfo=UTC)
YONHAP = """SEOUL, Nov. 22 (Yonhap) -- North Korea fired a short-range ballistic missile into the East Sea on Saturday, South Korea's military said, the latest in a series of weapons tests this year.

The missile was launched from the Sunan area of Pyongyang at around 7:40 a.m. and flew about 800 kilometers before splashing into waters off the country's east coast, the Joint Chiefs of Staff (JCS) said in a text message sent to reporters.

South Korean and U.S. intelligence authorities are analyzing the specifications of the missile, including its range and altitude, the JCS added.

The launch came a day after the North's foreign ministry denounced a joint naval exercise involving a U.S. aircraft carrier as a "dangerous provocation" and warned of "corresponding countermeasures."

It is the North's first ballistic missile launch since late September, when it fired two short-range missiles from the western coastal town of Nampho.

Japan's defense ministry said the missile appeared to have landed outside its exclusive economic zone and that no damage to ships or aircraft had been reported.

(END)"""  # noqa: E501
PARAS = YONHAP.split("\n\n")
# Reprinted under its own headline, the ending trimmed.
HERALD = "\n\n".join([*PARAS[:3], PARAS[3].split(" and warned")[0] + '." (Yonhap)'])
KCNA_BODY = """Respected Comrade Kim Jong Un, general secretary of the Workers' Party of Korea and president of the State Affairs of the DPRK, inspected the Kangdong Greenhouse Farm under construction.

He was briefed on the progress of the construction of the farm, which is to be built on an area of more than 280 hectares, and looked round the vegetable greenhouses, the production and management buildings and the dwelling houses for farmers.

Saying that the builders had performed miraculous feats by finishing the framework of 850 greenhouses in only four months, he expressed great satisfaction.

He stressed the need to complete the remaining work with the quality of the construction as the first priority, so that the farmers could move into their new houses before the end of the year.

He set forth tasks for supplying fresh vegetables to the citizens of Pyongyang all the year round and for introducing advanced agricultural techniques.

He was accompanied by Jo Yong Won, Kim Jae Ryong and Ri Il Hwan, secretaries of the Central Committee of the WPK."""  # noqa: E501
KCNA = f"Pyongyang, November 21 (KCNA) -- {KCNA_BODY} -0-\n\nwww.kcna.kp (Juche114.11.21.)"
RODONG = (
    "Rodong Sinmun\nNovember 22, Juche 114 (2025)\n\n"
    "Respected Comrade Kim Jong Un Inspects Kangdong Greenhouse Farm under Construction\n\n"
    f"{KCNA_BODY}\n\nCopyright (c) 2025 Rodong Sinmun. All rights reserved.\n"
    "Visit www.rodong.rep.kp for the full edition."
)
# Another inspection, in the same words wherever KCNA's formula allows.
KCNA_OTHER = """Pyongyang, November 18 (KCNA) -- Respected Comrade Kim Jong Un, general secretary of the Workers' Party of Korea and president of the State Affairs of the DPRK, inspected the Ryongsong Machine Complex.

He went round the assembling shop, the machining shop and the newly built casting shop, and learned in detail about the production of large oxygen separators and compressors for the fertilizer and metal industries.

Noting that the workers had carried out their yearly plan 40 days ahead of schedule, he expressed great satisfaction.

He stressed the need to modernize the production processes of the complex on a high level and to turn out more equipment needed for the national economy.

He was accompanied by Jo Yong Won and Kim Tok Hun, secretaries of the Central Committee of the WPK. -0-

www.kcna.kp (Juche114.11.18.)"""  # noqa: E501
YONHAP_KO = """(서울=연합뉴스) 김효정 기자 = 북한이 22일 오전 동해상으로 단거리 탄도미사일 1발을 발사했다고 합동참모본부가 밝혔다.

합참은 이날 기자들에게 보낸 문자메시지에서 "북한이 오전 7시 40분께 평양 순안 일대에서 동해상으로 단거리 탄도미사일 1발을 발사했다"며 "미사일은 약 800km를 비행했다"고 설명했다.

한미 정보당국은 사거리와 고도 등 세부 제원을 정밀 분석하고 있다.

이번 발사는 북한 외무성이 전날 미국 항공모함이 참가한 연합해상훈련을 "위험한 도발"이라고 비난하며 "상응한 대응 조치"를 경고한 지 하루 만에 이뤄졌다.

북한의 탄도미사일 발사는 지난 9월 말 남포 일대에서 단거리 미사일 2발을 쏜 이후 약 두 달 만이다.

일본 방위성은 미사일이 일본 배타적경제수역(EEZ) 밖에 떨어진 것으로 보인다며 선박이나 항공기 피해는 보고되지 않았다고 밝혔다.

<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>"""  # noqa: E501
# A portal's copy: no byline, particles and endings reworded, the last paragraph cut.
PORTAL_KO = (
    YONHAP_KO.split(" = ", 1)[1]
    .replace("문자메시지에서", "문자메시지를 통해")
    .replace("정밀 분석하고 있다", "정밀 분석 중이다")
    .replace("하루 만에 이뤄졌다", "하루 만이다")
    .rsplit("\n\n", 2)[0]
    + "\n\nⓒ 연합뉴스 제공"
)
KYODO = """【ソウル共同】韓国軍合同参謀本部は22日、北朝鮮が同日午前7時40分ごろ、平壌の順安付近から日本海に向けて短距離弾道ミサイル1発を発射したと明らかにした。ミサイルは約800キロ飛行したという。

米韓の情報当局がミサイルの射程や高度など詳しい性能を分析している。

北朝鮮外務省は前日、米空母が参加した日米韓の合同海上訓練を「危険な挑発」と非難し、「相応の対抗措置」を取ると警告していた。

北朝鮮の弾道ミサイル発射は、9月下旬に西部の南浦付近から短距離ミサイル2発を発射して以来、約2カ月ぶり。

日本の防衛省は、ミサイルは日本の排他的経済水域（EEZ）外に落下したとみられ、船舶や航空機への被害は確認されていないと発表した。（共同）"""  # noqa: E501
# A regional paper's copy: the wire's tag moved, a verb changed, the last paragraph cut.
REGIONAL_JA = (
    KYODO.removeprefix("【ソウル共同】").replace("明らかにした", "発表した").rsplit("\n\n", 1)[0]
    + "（ソウル共同）"
)


@pytest.fixture
def add(archive):
    """Archive a page as a crawl does and cluster its version; returns the article id."""

    def run(url: str, text: str, *, title: str = "Headline", at: int = 0) -> int:
        source = url.split("/")[2]
        with archive.write() as session:
            upsert_source(session, source, name=source)
            fetch = Fetch(url=url, fetched_at=T0 + timedelta(hours=at), status=200)
            result = record_capture(session, source, fetch, Content(title=title, text=text))
            assign_cluster(session, result.article_id, session.get(Version, result.version_id))
            return result.article_id

    return run


def clusters(archive, *ids: int) -> list[int]:
    with archive.read() as session:
        found = cluster_sizes(session, ids)
    return [found[i][0] for i in ids]


def copies(archive, article_id: int) -> list[tuple[int, float]]:
    with archive.read() as session:
        return [(s.article_id, s.similarity) for s in similar(session, article_id)]


@pytest.mark.both_backends
def test_exact_copies_at_other_urls_share_a_cluster(archive, add):
    first = add("https://en.yna.co.kr/view/AEN1", YONHAP)
    copy = add("https://wire.example/nk/1", YONHAP.replace("\n\n", "\n  "))
    assert clusters(archive, first, copy) == [first, first]
    assert copies(archive, copy) == [(first, 1.0)]


@pytest.mark.both_backends
@pytest.mark.parametrize(
    ("original", "copy"),
    [(YONHAP, HERALD), (KCNA, RODONG), (YONHAP_KO, PORTAL_KO), (KYODO, REGIONAL_JA)],
    ids=["yonhap-reprint", "kcna-to-rodong", "korean", "japanese"],
)
def test_reprints_and_republications_join_the_story(archive, add, original, copy):
    story = add("https://one.example/a", original, title="The wire's headline")
    reprint = add("https://two.example/b", copy, title="A new headline")
    assert clusters(archive, story, reprint) == [story, story]
    ((other, score),) = copies(archive, story)
    assert other == reprint and 0.55 <= score < 1.0


@pytest.mark.both_backends
def test_other_stories_stay_apart(archive, add):
    ids = [
        add("https://kcna.example/1", KCNA),
        add("https://kcna.example/2", KCNA_OTHER),  # same formula, another inspection
        add("https://yna.example/ko", YONHAP_KO),  # the same event in other languages
        add("https://kyodo.example/ja", KYODO),
        add("https://yna.example/en", YONHAP),
    ]
    assert clusters(archive, *ids) == ids
    assert all(copies(archive, i) == [] for i in ids)


def test_a_signature_computed_ahead_counts_only_for_the_text_it_was_computed_from(archive):
    """Extraction workers send each text's signature along; a wrong one (a stale
    worker, another page's) must not put an article in another story's cluster."""
    with archive.write() as session:
        upsert_source(session, "wire", name="wire")

        def record(n: int, text: str, ahead: str) -> int:
            fetch = Fetch(url=f"https://wire.example/{n}", fetched_at=T0, status=200)
            content = Content(title="Headline", text=text, signature=text_signature(ahead))
            return record_capture(session, "wire", fetch, content).article_id

        story = record(1, YONHAP, YONHAP)
        reprint = record(2, HERALD, KCNA_OTHER)
        other = record(3, KCNA_OTHER, HERALD)
    assert clusters(archive, story, reprint, other) == [story, story, other]


@pytest.mark.both_backends
def test_clustering_goes_on_in_a_new_process(archive, add, db_url):
    story = add("https://en.yna.co.kr/view/AEN1", YONHAP)
    archive.close()
    reset_cache()  # what a new process starts with: the index comes from the table
    again = open_archive(db_url)
    try:
        with again.write() as session:
            upsert_source(session, "herald", name="herald")
            fetch = Fetch(url="https://herald.example/1", fetched_at=T0, status=200)
            result = record_capture(session, "herald", fetch, Content(title="T", text=HERALD))
            version = session.get(Version, result.version_id)
            assert assign_cluster(session, result.article_id, version) == story
        with again.read() as session:
            rows = session.scalars(select(DedupSignature).order_by(DedupSignature.article_id))
            assert [(r.cluster_id, len(r.minhash)) for r in rows] == [(story, 512), (story, 512)]
    finally:
        again.close()


@pytest.mark.both_backends
def test_an_article_matching_two_clusters_merges_them_under_the_smallest_id(archive, add):
    head = add("https://a.example/1", "\n\n".join(PARAS[:4]))
    tail = add("https://b.example/2", "\n\n".join(PARAS[2:]))
    assert clusters(archive, head, tail) == [head, tail]
    whole = add("https://c.example/3", YONHAP)
    assert clusters(archive, tail, whole, head) == [head, head, head]
    with archive.read() as session:
        assert cluster_sizes(session, [tail, 10_000]) == {tail: (head, 3), 10_000: (10_000, 1)}


@pytest.mark.both_backends
def test_a_new_version_replaces_the_signature(archive, add):
    story = add("https://a.example/1", YONHAP)
    reprint = add("https://b.example/2", HERALD)
    copy = add("https://c.example/3", YONHAP)
    add("https://a.example/1", KCNA_OTHER, at=1)  # the page now holds another story
    assert clusters(archive, story, reprint, copy) == [story, reprint, reprint]
    add("https://a.example/1", YONHAP, at=2)  # and the first one again
    assert clusters(archive, story, reprint, copy) == [story, story, story]
    with archive.read() as session:
        assert len(session.scalars(select(DedupSignature)).all()) == 3


@pytest.mark.both_backends
def test_clustering_a_version_twice_changes_nothing(archive, add):
    story = add("https://a.example/1", YONHAP)
    with archive.write() as session:
        version = session.scalars(select(Version)).one()
        assert assign_cluster(session, story, version) == story
    assert copies(archive, story) == []


def test_a_rolled_back_write_leaves_nothing_behind(archive, add):
    with pytest.raises(RuntimeError), archive.write() as session:
        upsert_source(session, "kcna.example", name="kcna")
        fetch = Fetch(url="https://kcna.example/gone", fetched_at=T0, status=200)
        result = record_capture(session, "kcna.example", fetch, Content(title="T", text=KCNA))
        assign_cluster(session, result.article_id, session.get(Version, result.version_id))
        raise RuntimeError("the crawl failed after clustering")
    # SQLite hands out the same article and version ids again: the index must not
    # keep the rolled-back text under them.
    story = add("https://en.yna.co.kr/view/AEN1", YONHAP)
    reprint = add("https://herald.example/1", HERALD)
    assert clusters(archive, story, reprint) == [story, story]


@pytest.mark.both_backends
def test_backfill_clusters_an_archive_from_before(archive, add):
    ids = [add(f"https://x.example/{i}", t) for i, t in enumerate([YONHAP, KCNA, HERALD, RODONG])]
    with archive.write() as session:
        session.execute(delete(DedupSignature))
    reset_cache()
    with archive.write() as session:
        assert backfill(session, limit=3) == 3
    with archive.write() as session:
        assert backfill(session) == 1
        assert backfill(session) == 0
    assert clusters(archive, *ids) == [ids[0], ids[1], ids[0], ids[1]]
    with archive.write() as session:
        assert backfill(session, rebuild=True) == 4
    assert clusters(archive, *ids) == [ids[0], ids[1], ids[0], ids[1]]


def _bench():
    path = Path(__file__).resolve().parent.parent / "bench" / "dedup.py"
    spec = importlib.util.spec_from_file_location("bench_dedup", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_precision_and_recall_on_generated_news(archive):
    bench = _bench()
    docs = bench.corpus(stories=50, seed=7)
    ids = bench.ingest(archive, docs)
    found = bench.cluster_all(archive, ids)
    precision, recall = bench.pairwise([found[i] for i in ids], [d.truth for d in docs])
    assert {d.lang for d in docs} == {"en", "ko", "ja"}
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)


def test_nkmon_similar_lists_the_copies(archive, add, nkmon, db_url):
    story = add("https://en.yna.co.kr/view/AEN1", YONHAP, title="N. Korea fires missile")
    copy = add("https://wire.example/nk/1", YONHAP)
    reprint = add("https://herald.example/1", HERALD, title="North Korea launches missile")
    alone = add("https://kcna.example/2", KCNA_OTHER)
    rows = json.loads(nkmon("similar", str(story), "--db", db_url, "--format", "json").stdout)
    assert [r["article_id"] for r in rows] == [copy, reprint]
    assert rows[0]["similarity"] == 1.0 and 0.55 <= rows[1]["similarity"] < 1.0
    assert rows[1]["title"] == "North Korea launches missile"
    assert rows[1]["url"] == "https://herald.example/1"
    table = nkmon("similar", "https://herald.example/1", "--db", db_url).stdout
    assert f"cluster {story}: 3 articles" in table and "wire.example" in table
    lonely = nkmon("similar", str(alone), "--db", db_url)
    assert "no copies" in lonely.stderr
    missing = nkmon("similar", "https://nowhere.example/x", "--db", db_url, check=False)
    assert missing.returncode == 1 and missing.stderr.startswith("Error: no archived article")
    assert "nkmon similar" in nkmon("similar", "--help").stdout
