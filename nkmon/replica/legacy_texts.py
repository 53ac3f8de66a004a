"""Original, fictional texts for the legacy-encoding replicas (a Korean and a Japanese site).

Plain data, no package imports. Every text was written for this project; outlets, reporters,
sources and figures are invented. Two characters are there on purpose: 똠 (in 똠얌꿍) exists in
CP949 but not in EUC-KR, and 髙 exists in CP932 but not in Shift_JIS, so a decoder that takes
the declared charset literally fails on those pages. Both stay out of titles and first
paragraphs, which the feeds carry, so the feeds are valid in their declared charsets.
"""

from __future__ import annotations

from typing import Any

EUCKR_NAME = "통일마루뉴스"
EUCKR_TAGLINE = "평화와 통일을 여는 사람들의 신문"
EUCKR_MENU: tuple[str, ...] = ("전체기사", "남북관계", "북한", "정치", "국제", "사람들", "오피니언")
EUCKR_POPULAR: tuple[str, ...] = (
    "[칼럼] 분단 80년, 다시 대화를 말할 때",
    "[인터뷰] 탈북 청년 창업가가 말하는 서울살이",
    "[포토] 임진각 평화누리의 가을",
)
EUCKR_COPYRIGHT = "저작권자 ⓒ 통일마루뉴스 무단전재 및 재배포 금지"
#: Sidebar and footer of every page (static furniture of the CMS theme).
EUCKR_TAIL = f"""<div id="side"><div class="box"><h3>많이 본 뉴스</h3><ol>\
{"".join(f"<li>{t}</li>" for t in EUCKR_POPULAR)}</ol></div>\
<div class="banner"><a href="/member/join.html">회원가입</a> | <a href="/help/rss.html">RSS</a>\
</div></div>
</div>
<div id="footer"><p>서울특별시 종로구 통일로 00 | 등록번호 서울 아00000 | 발행인 홍길동</p>\
<p>{EUCKR_COPYRIGHT}</p></div>
</body>
</html>
"""

#: RSS 2.0 as the CMS writes it; values are escaped by the caller.
EUCKR_RSS = """<?xml version="1.0" encoding="{charset}"?>
<rss version="2.0">
<channel>
<title>{name}</title>
<link>{base}/</link>
<description>평화와 통일을 여는 사람들의 신문</description>
<language>ko</language>
<lastBuildDate>{build}</lastBuildDate>
{items}</channel>
</rss>
"""
EUCKR_RSS_ITEM = """<item>
<title>{title}</title>
<link>{link}</link>
<description>{description}</description>
<category>{section}</category>
<author>{author}</author>
<pubDate>{date}</pubDate>
<guid>{link}</guid>
</item>
"""

EUCKR_ARTICLES: list[dict[str, Any]] = [
    {
        "key": "rodong-power-saving",
        "idxno": 20415,
        "published": "2026-11-20T10:05:00+09:00",
        "section": "북한",
        "author": "김은숙 기자",
        "title": '노동신문, 겨울철 전력 절약 연일 강조…"한 와트의 전기도 아껴야"',
        "paragraphs": (
            "북한 노동당 기관지 노동신문이 겨울철을 앞두고 사흘 연속 전력 절약을 강조하는 "
            "기사를 실었다.",
            '신문은 20일자 3면 기사에서 "한 와트의 전기도 아껴 쓰는 것이 애국"이라며 '
            "공장과 기업소들에 설비 점검과 야간 조명 줄이기를 주문했다.",
            "전문가들은 북한이 해마다 이맘때 같은 캠페인을 벌여 왔지만 올해는 수력발전소 "
            "저수량이 예년보다 적어 전력 사정이 더 어려운 것으로 보인다고 분석했다.",
            '한 대북 연구자는 "평양 이외 지역의 전력 공급 시간이 하루 몇 시간에 그치는 '
            '것으로 안다"며 "겨울철 난방 문제와 겹쳐 주민 부담이 커질 것"이라고 말했다.',
        ),
    },
    {
        "key": "bangkok-restaurant",
        "idxno": 20414,
        "published": "2026-11-19T16:40:00+09:00",
        "section": "국제",
        "author": "박준형 기자",
        "title": "방콕 북한식당 잇따라 문 닫아…대북제재 여파",
        "paragraphs": (
            "태국 방콕에서 영업하던 북한식당 두 곳이 최근 잇따라 문을 닫은 것으로 확인됐다.",
            "현지 교민들에 따르면 두 식당은 지난달 말부터 간판을 내리고 종업원들도 모두 "
            "귀국한 것으로 알려졌다.",
            '한 교민은 "관광객들이 똠얌꿍 대신 평양냉면을 맛보러 찾던 곳이었는데 '
            '코로나 이후 손님이 크게 줄었다"고 전했다.',
            '대북 소식통은 "해외 식당은 북한의 중요한 외화벌이 수단이지만 제재 감시가 '
            '강화되면서 운영이 점점 어려워지고 있다"고 설명했다.',
        ),
    },
    {
        "key": "separated-families",
        "idxno": 20413,
        "published": "2026-11-18T11:20:00+09:00",
        "section": "남북관계",
        "author": "이수진 기자",
        "title": "이산가족 상봉 신청자 생존자, 처음으로 3만명 아래로",
        "paragraphs": (
            "남북 이산가족 상봉을 신청한 사람 가운데 생존자가 처음으로 3만 명 아래로 "
            "떨어진 것으로 나타났다.",
            "이산가족정보통합시스템 집계에 따르면 생존자 가운데 80세 이상이 3분의 2를 넘는다.",
            '마지막 대면 상봉이 열린 지 8년이 지나면서 가족들은 "화상 상봉이나 편지 '
            '교환이라도 먼저 재개해 달라"고 호소하고 있다.',
            '정부 관계자는 "북측에 여러 경로로 의사를 전달하고 있지만 아직 응답이 없다"고 밝혔다.',
        ),
    },
    {
        "key": "kaesong-business-owners",
        "idxno": 20412,
        "published": "2026-11-17T15:00:00+09:00",
        "section": "남북관계",
        "author": "김은숙 기자",
        "title": '개성공단 입주기업인들 "재가동 논의라도 시작해야"',
        "paragraphs": (
            "개성공단 입주기업인들이 17일 서울 여의도에서 기자회견을 열고 공단 재가동을 "
            "위한 논의를 시작해 달라고 정부에 촉구했다.",
            "기업인들은 공단 가동이 중단된 뒤 10년 가까이 지나면서 상당수 기업이 폐업하거나 "
            "해외로 공장을 옮겼다고 밝혔다.",
            '한 섬유업체 대표는 "설비가 지금 어떤 상태인지조차 모른다"며 "최소한 현지 '
            '시설 점검이라도 허용되도록 힘써 달라"고 말했다.',
        ),
    },
    {
        "key": "market-rice-prices",
        "idxno": 20411,
        "published": "2026-11-16T09:30:00+09:00",
        "section": "북한",
        "author": "박준형 기자",
        "title": "북한 장마당 쌀값 석 달 새 20% 올라…환율도 불안",
        "paragraphs": (
            "북한 주요 도시 장마당의 쌀값이 최근 석 달 사이 20% 가까이 오른 것으로 전해졌다.",
            "대북 소식통에 따르면 평안남도 평성 시장의 쌀 1kg 가격은 지난 8월보다 크게 "
            "올랐고, 같은 기간 달러 환율도 오름세를 보였다.",
            '소식통은 "가을걷이가 끝났는데도 값이 내리지 않아 주민들이 의아해하고 있다"며 '
            '"당국이 곡물 거래를 통제하면서 시장에 풀리는 물량이 줄었다"고 전했다.',
        ),
    },
]

SJIS_NAME = "北東アジア時報"
SJIS_TAGLINE = "朝鮮半島と北東アジアのニュース"
SJIS_MENU: tuple[str, ...] = ("トップ", "政治", "経済", "社会", "国際", "北朝鮮", "コラム")
SJIS_COPYRIGHT = "Copyright (C) 2003-2026 北東アジア時報 All Rights Reserved."

#: RSS 1.0 (RDF) as old Japanese blog and news software writes it.
SJIS_RDF = """<?xml version="1.0" encoding="{charset}"?>
<rdf:RDF xmlns="http://purl.org/rss/1.0/" \
xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xml:lang="ja">
<channel rdf:about="{base}/index.rdf">
<title>{name}</title>
<link>{base}/</link>
<description>朝鮮半島と北東アジアのニュース</description>
<dc:language>ja</dc:language>
<dc:date>{date}</dc:date>
<items><rdf:Seq>
{seq}</rdf:Seq></items>
</channel>
{items}</rdf:RDF>
"""
SJIS_RDF_ITEM = """<item rdf:about="{link}">
<title>{title}</title>
<link>{link}</link>
<description>{description}</description>
<dc:subject>北朝鮮</dc:subject>
<dc:creator>{author}</dc:creator>
<dc:date>{date}</dc:date>
</item>
"""

SJIS_ARTICLES: list[dict[str, Any]] = [
    {
        "key": "missile-launch",
        "published": "2026-11-20T08:15:00+09:00",
        "author": "政治部",
        "title": "北朝鮮が弾道ミサイル1発を発射　日本のEEZ外に落下か",
        "paragraphs": (
            "防衛省は20日、北朝鮮が同日午前7時ごろ、西岸付近から弾道ミサイル1発を東方向に"
            "発射したと発表した。",
            "ミサイルは約30分飛行し、日本の排他的経済水域（EEZ）の外側に落下したとみられる。"
            "航空機や船舶への被害は確認されていない。",
            "政府は北京の大使館ルートを通じて北朝鮮に抗議した。北朝鮮による弾道ミサイルの"
            "発射は今年に入って6回目となる。",
        ),
    },
    {
        "key": "wooden-boat",
        "published": "2026-11-19T17:30:00+09:00",
        "author": "秋田支局",
        "title": "北朝鮮のものとみられる木造船、秋田の海岸に漂着",
        "paragraphs": (
            "19日午前、秋田県男鹿市の海岸に、北朝鮮のものとみられる木造船1隻が漂着している"
            "のを散歩中の住民が見つけ、警察に通報した。",
            "船は長さ約12メートルで、船首にハングルとみられる文字と数字が書かれていた。"
            "乗組員や遺体は見つかっていない。",
            "海上保安部によると、冬場は季節風の影響で漂着が増える傾向があり、今年はこれで"
            "県内4件目という。",
        ),
    },
    {
        "key": "rice-prices",
        "published": "2026-11-18T12:00:00+09:00",
        "author": "ソウル支局",
        "title": "北朝鮮でコメ価格が上昇　専門家「統制強化が背景」",
        "paragraphs": (
            "北朝鮮の市場でコメの価格が上がり続けている。収穫期を過ぎても値下がりしない"
            "異例の状況だと、複数の関係者が伝えた。",
            "北朝鮮経済に詳しい髙村和人・東亜経済大学教授は「当局が穀物の流通を国営の"
            "販売所に集めようとしており、市場に出回る量が減っている」と分析する。",
            "髙村教授は、冬に向けて燃料価格も上がっているとして、地方の住民の生活はさらに"
            "苦しくなるとの見方を示した。",
        ),
    },
    {
        "key": "tourism-reopening",
        "published": "2026-11-18T09:40:00+09:00",
        "author": "国際部",
        "title": "北朝鮮観光、外国人向けに一部再開へ　中国の旅行会社が発表",
        "paragraphs": (
            "中国の旅行会社は18日までに、北朝鮮への外国人向け団体旅行を来年春から一部"
            "再開すると発表した。",
            "行程は平壌市内の観光と東海岸のリゾート地の見学を組み合わせた5日間で、参加者は"
            "常に案内員と行動することが条件になるという。",
            "北朝鮮は外貨獲得の手段として観光に力を入れているが、受け入れ再開の時期は"
            "これまでたびたび延期されてきた。",
        ),
    },
]
