"""Synthetic news text for the search benchmark (bench/search.py): no real articles.

News-like sentences about North Korea in English, Korean and Japanese, composed
from sentence templates whose slots (people, places, organisations, nouns,
adjectives, verbs, commodities, dates, numbers) are drawn from vocabularies
with Zipf-like weights: the first entries of a vocabulary turn up in most
texts, the last ones in a handful. Each vocabulary of names and places has a
long tail of generated Korean names (one syllable table in romanization,
Hangul and hanja/kanji: Ryongchon / 룡천 / 竜川), so rare words exist in every
language. Korean particles follow the final consonant (평양은, 혜산에서, 김정은이).

Everything is drawn from a ``random.Random`` the caller seeds, so a seed and a
chunk number always give the same text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

__all__ = [
    "LANGUAGES",
    "Vocabulary",
    "Writer",
    "edit",
    "vocabularies",
    "zipf_weights",
]

LANGUAGES = ("en", "ko", "ja")

# One syllable per row: McCune-Reischauer-ish romanization, Hangul, hanja/kanji.
_SYLLABLES = [
    ("Kang", "강", "江"),
    ("Ryong", "룡", "竜"),
    ("Song", "송", "松"),
    ("Chon", "천", "川"),
    ("Hae", "해", "海"),
    ("San", "산", "山"),
    ("Pyong", "평", "平"),
    ("Sin", "신", "新"),
    ("Ui", "의", "義"),
    ("Ju", "주", "州"),
    ("Hyang", "향", "香"),
    ("Mun", "문", "文"),
    ("Chol", "철", "哲"),
    ("Myong", "명", "明"),
    ("Hui", "희", "姫"),
    ("Sun", "순", "順"),
    ("Hwa", "화", "和"),
    ("Kwang", "광", "光"),
    ("Jin", "진", "鎮"),
    ("Hyok", "혁", "革"),
    ("Nam", "남", "南"),
    ("Pho", "포", "浦"),
    ("Sok", "석", "石"),
    ("Un", "운", "雲"),
    ("Yong", "용", "勇"),
    ("Il", "일", "日"),
    ("Thong", "통", "通"),
    ("Sang", "상", "上"),
    ("Won", "원", "元"),
    ("Ho", "호", "湖"),
    ("Bong", "봉", "峰"),
    ("Tong", "동", "東"),
    ("Hung", "흥", "興"),
    ("Ha", "하", "河"),
    ("Kap", "갑", "甲"),
    ("Am", "암", "岩"),
    ("Chang", "창", "昌"),
    ("Kyong", "경", "慶"),
    ("Chun", "춘", "春"),
    ("Hak", "학", "鶴"),
    ("Hyon", "현", "賢"),
    ("Su", "수", "水"),
    ("Ok", "옥", "玉"),
    ("Rim", "림", "林"),
    ("Thae", "태", "泰"),
    ("Sam", "삼", "三"),
    ("Ji", "지", "智"),
    ("Yon", "연", "延"),
    ("Pu", "부", "富"),
    ("Kum", "금", "錦"),
    ("Chil", "칠", "七"),
    ("Bo", "보", "宝"),
    ("Tok", "덕", "徳"),
    ("Ae", "애", "愛"),
    ("Ung", "웅", "雄"),
    ("Hyo", "효", "孝"),
    ("Ryon", "련", "蓮"),
    ("Byol", "별", "星"),
]
_SURNAMES = [
    ("Kim", "김", "金"),
    ("Ri", "리", "李"),
    ("Pak", "박", "朴"),
    ("Choe", "최", "崔"),
    ("Jong", "정", "鄭"),
    ("Kang", "강", "姜"),
    ("Jo", "조", "趙"),
    ("Han", "한", "韓"),
    ("O", "오", "呉"),
    ("Ryu", "류", "柳"),
    ("Hong", "홍", "洪"),
    ("Ko", "고", "高"),
    ("Mun", "문", "文"),
    ("Yun", "윤", "尹"),
    ("Jang", "장", "張"),
    ("Hwang", "황", "黄"),
]
_PLACE_SUFFIX = {"en": (" County", " city", " district", "-ri"), "ko": "군시리동", "ja": "郡市里洞"}


@dataclass
class Vocabulary:
    """One language's slot vocabularies (most frequent first) and its templates."""

    language: str
    slots: dict[str, list[str]]
    sentences: list[str]
    titles: list[str]
    core: dict[str, int] = field(default_factory=dict)  # slot -> entries before the tail


def _tail_places(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    pairs = [(a, b) for a in _SYLLABLES for b in _SYLLABLES if a != b]
    rng.shuffle(pairs)
    return [
        (a[0] + b[0].lower(), a[1] + b[1], a[2] + b[2])
        for a, b in pairs[:n]
        if (a[0] + b[0]).lower() not in {"pyongyang", "hyesan", "kaesong"}
    ]


def _tail_people(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    seen: set[str] = set()
    people: list[tuple[str, str, str]] = []
    while len(people) < n:
        s, a, b = rng.choice(_SURNAMES), rng.choice(_SYLLABLES), rng.choice(_SYLLABLES)
        key = s[1] + a[1] + b[1]
        if key in seen or a == b:
            continue
        seen.add(key)
        people.append((f"{s[0]} {a[0]} {b[0]}", key, s[2] + a[2] + b[2]))
    return people


def _split(block: str) -> list[str]:
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


# --- English -------------------------------------------------------------------

_EN_PEOPLE = _split("""
Kim Jong Un
Kim Jong-un
Kim Yo Jong
Choe Son Hui
Kim Tok Hun
Choe Ryong Hae
Jo Yong Won
Pak Jong Chon
Ri Pyong Chol
Kim Jong Il
Kim Il Sung
Ri Sol Ju
Hyon Song Wol
Pak Pong Ju
Jang Song Thaek
Ri Il Hwan
Kang Sun Nam
No Kwang Chol
Kim Song Nam
Pak Thae Song
Yoon Suk Yeol
Lee Jae-myung
Moon Jae-in
Xi Jinping
Vladimir Putin
Donald Trump
Joe Biden
Sergei Shoigu
Fumio Kishida
Kim Yong Chol
""")
_EN_PLACES = _split("""
Pyongyang
Hyesan
Sinuiju
Kaesong
Wonsan
Chongjin
Hamhung
Nampo
Rason
Musan
Hoeryong
Kanggye
Sariwon
Haeju
Sunchon
Kimchaek
Samjiyon
Yongbyon
Punggye-ri
Tongchang-ri
Dandong
Yanji
Seoul
Beijing
Moscow
Tokyo
Washington
Panmunjom
Yanggang Province
North Hamgyong Province
South Pyongan Province
Jagang Province
Kangwon Province
South Hwanghae Province
Ryanggang
""")
_EN_ORGS = _split("""
the Workers' Party of Korea
the Korean People's Army
the Ministry of State Security
the Central Committee
the Politburo
the Supreme People's Assembly
the State Affairs Commission
the Ministry of Unification
the Joint Chiefs of Staff
the UN Security Council
the International Atomic Energy Agency
the National Intelligence Service
the Ministry of Social Security
the Socialist Patriotic Youth League
the Cabinet
the Organization and Guidance Department
the Ministry of Foreign Affairs
the Ministry of National Defense
the provincial people's committee
the Korean Children's Union
""")
_EN_OUTLETS = _split("""
KCNA
state media
Rodong Sinmun
the Korean Central News Agency
Daily NK
NK News
Yonhap
ASIAPRESS
Korean Central Television
38 North
Uriminzokkiri
Radio Free Asia
""")
_EN_ROLES = _split("""
leader
General Secretary
Premier
Foreign Minister
Defense Minister
a vice department director
a party secretary
a spokesperson
the provincial party chief
a senior official
a Politburo member
the chief of the General Staff
""")
_EN_NOUNS = _split("""
missile
regime
border
market
authorities
residents
sanctions
government
leadership
soldiers
crackdown
smuggling
food
prices
launch
meeting
officials
economy
military
program
test
trade
security
statement
propaganda
inspection
construction
farmers
defectors
factory
rations
shortage
exports
weapons
warhead
satellite
drills
negotiations
diplomacy
talks
summit
delegation
exercises
provocation
rhetoric
campaign
investigation
arrests
punishment
execution
purge
discipline
loyalty
ideology
lecture
students
workers
families
households
merchants
traders
brokers
donju
smartphones
radios
films
dramas
leaflets
balloons
electricity
blackouts
fuel
fertilizer
harvest
farms
fishing
coal
mines
railways
trucks
vessels
customs
quarantine
pandemic
vaccines
hospitals
medicine
housing
apartments
schools
uniforms
banquets
anniversary
parade
congress
plenum
resolution
directive
decree
constitution
budget
currency
dollars
yuan
exchange
loans
bribes
corruption
fines
prisons
camps
labor
mobilization
volunteers
youth
women
cadres
generals
commanders
troops
artillery
submarines
drones
radar
launchers
engines
tunnels
fences
guards
checkpoints
permits
travel
tourism
cyberattacks
hackers
cryptocurrency
shipments
oil
grain
corn
flour
pork
sugar
cigarettes
cement
steel
timber
seafood
textiles
wigs
minerals
gold
rumors
discontent
protests
hunger
drought
floods
typhoon
damage
recovery
aid
assistance
donations
envoys
embassies
sovereignty
deterrence
threats
warnings
condemnation
reunification
peace
war
armistice
anniversaries
portraits
slogans
songs
performances
athletes
footballers
tourists
journalists
researchers
analysts
imagery
""")
_EN_ADJS = _split("""
nuclear
military
economic
political
new
recent
senior
local
ballistic
strategic
illegal
foreign
provincial
central
large-scale
unprecedented
rare
tactical
hypersonic
intercontinental
internal
public
secret
harsh
strict
severe
urgent
special
sudden
sweeping
fresh
growing
renewed
ongoing
annual
joint
bilateral
regional
domestic
private
state-run
official
unofficial
alleged
reported
suspected
apparent
significant
major
minor
""")
_EN_VERBS = _split("""
announced
reported
inspected
criticized
launched
ordered
visited
warned
confirmed
denied
revealed
tightened
expanded
suspended
resumed
praised
condemned
approved
rejected
discussed
reviewed
oversaw
guided
stressed
urged
demanded
claimed
acknowledged
investigated
dismissed
appointed
promoted
replaced
executed
purged
arrested
detained
punished
seized
smuggled
imported
exported
banned
restricted
mobilized
celebrated
commemorated
hosted
attended
""")
_EN_COMMODITIES = _split("""
rice
corn
pork
gasoline
diesel
flour
soybean oil
sugar
eggs
cigarettes
cement
fertilizer
potatoes
kimchi cabbage
""")
_EN_FACILITIES = _split("""
the Yongbyon nuclear complex
the Sohae Satellite Launching Station
the Punggye-ri test site
the Kim Chaek Iron and Steel Complex
a collective farm
a munitions factory
a shipyard
the customs office
a greenhouse farm
a hospital construction site
a textile mill
a fertilizer plant
a coal mine
a railway station
a border guard post
a military academy
""")
_EN_EVENTS = _split("""
party plenary meeting
military parade
Politburo meeting
enlarged meeting
ceremony
lecture meeting
mass rally
banquet
conference
party congress
session
""")
_EN_WHEN = _split("""
last week
earlier this month
on Monday
on Tuesday
on Wednesday
on Thursday
on Friday
over the weekend
last month
last year
in January
in March
in May
in August
in October
in December
this spring
this summer
""")

_EN_SENTENCES = _split("""
{person}, {role}, {verb} {facility} in {place} {when}, {outlet} reported.
According to a source in {place}, the price of {commodity} rose to {num} won per kilogram {when}.
{outlet} said the {adj} {noun} was {verb} {when} amid {adj} {noun} in North Korea.
The {adj} {noun} comes as {org} {verb} {adj} {noun} near {place}.
Residents of {place} told {outlet} that {noun} had been {verb} after {org} banned {noun}.
{person} was last seen in public at a {event} in {place} {when}.
Analysts say the {noun} reflects {adj} {noun} within {org}.
It was not immediately clear whether the {noun} was related to the {adj} {noun} reported {when}.
{org} has not commented on the {adj} {noun}.
{num} {noun} were {verb} in {place} and {place}, a source in North Korea said.
Satellite imagery of {place} shows {adj} activity near {facility}.
{person} called for {adj} efforts to strengthen {noun} and {noun}, according to {outlet}.
Officials from {org} met {person} in {place} to discuss {noun} and {noun}.
The exchange rate in {place} markets reached {num} won to the dollar {when}.
North Korea {verb} a {adj} missile toward the East Sea {when}, the {org2} said.
The {event} {verb} the {adj} {noun} of {org}, {outlet} said.
A source in {place} said {adj} {noun} had made life harder for {noun}.
{org} {verb} {adj} measures against {noun} in {place}.
Pyongyang has repeatedly {verb} {noun} as a {adj} threat to its sovereignty.
The move follows {adj} {noun} by {org} over {noun} and {noun}.
{person} {verb} the {adj} {noun} at a {event} of {org}.
Border guards in {place} have {verb} {noun} since {year}, the source added.
South Korea's {org2} said it was closely monitoring {adj} {noun} in the North.
The {noun} was first reported by {outlet} in {year}.
Prices of {commodity} and {commodity} in {place} have risen by {num} percent since {when2}.
{person} also {verb} {noun} during a visit to {facility}.
The report could not be independently verified.
North Korean {noun} in {place} reportedly {verb} {adj} {noun} {when}.
Kim Jong Un {verb} the {adj} {noun} of {noun}, state media said.
In {year}, {org} {verb} {num} {noun} in {place} for {noun}.
""")
_EN_TITLES = _split("""
{person} inspects {facility} in {place}
{commodity} prices soar in {place} amid {noun} crackdown
North Korea fires {adj} missile toward East Sea
{org} holds {event} in {place}
Residents in {place} face {adj} {noun}
{person} calls for {adj} {noun}, {outlet} says
North Korea {verb} {noun} in {place}
{adj} {noun} reported near {place}
Why North Korea's {noun} matters
{person} {verb} {adj} {noun}
""")


def _english(rng: random.Random) -> Vocabulary:
    places = _tail_places(rng, 3000)
    people = _tail_people(rng, 3000)
    slots = {
        "person": _EN_PEOPLE + [p[0] for p in people],
        "place": _EN_PLACES + [p[0] + rng.choice(_PLACE_SUFFIX["en"]) for p in places],
        "org": _EN_ORGS,
        "org2": ["Joint Chiefs of Staff", "Ministry of Unification", "Defense Ministry", "NIS"],
        "outlet": _EN_OUTLETS,
        "role": _EN_ROLES,
        "noun": _EN_NOUNS,
        "adj": _EN_ADJS,
        "verb": _EN_VERBS,
        "commodity": _EN_COMMODITIES,
        "facility": _EN_FACILITIES,
        "event": _EN_EVENTS,
        "when": _EN_WHEN,
        "when2": _EN_WHEN,
    }
    core = {"person": len(_EN_PEOPLE), "place": len(_EN_PLACES)}
    return Vocabulary("en", slots, _EN_SENTENCES, _EN_TITLES, core)


# --- Korean --------------------------------------------------------------------

_KO_PEOPLE = _split("""
김정은
김여정
최선희
김덕훈
최룡해
조용원
박정천
리병철
김정일
김일성
리설주
현송월
박봉주
장성택
리일환
강순남
노광철
김성남
박태성
윤석열
이재명
문재인
시진핑
푸틴
트럼프
바이든
쇼이구
김영철
""")
_KO_PLACES = _split("""
평양
혜산
신의주
개성
원산
청진
함흥
남포
라선
무산
회령
강계
사리원
해주
순천
김책
삼지연
영변
풍계리
동창리
단둥
연길
서울
베이징
모스크바
도쿄
워싱턴
판문점
양강도
함경북도
평안남도
자강도
강원도
황해남도
""")
_KO_ORGS = _split("""
노동당
조선인민군
국가보위성
당중앙위원회
정치국
최고인민회의
국무위원회
통일부
합동참모본부
유엔 안전보장이사회
국제원자력기구
국가정보원
사회안전성
사회주의애국청년동맹
내각
조직지도부
외무성
국방성
도인민위원회
조선소년단
""")
_KO_OUTLETS = _split("""
조선중앙통신
노동신문
데일리NK
연합뉴스
아시아프레스
조선중앙TV
우리민족끼리
통일뉴스
자유아시아방송
""")
_KO_ROLES = _split("""
총비서
국무위원장
내각총리
외무상
국방상
부부장
당비서
대변인
도당책임비서
간부
정치국 위원
총참모장
""")
_KO_NOUNS = _split("""
북한
주민
당국
핵심
미사일
국경
단속
시장
장마당
제재
식량
가격
간부
군인
회의
밀수
무역
경제
군사
발사
정책
지시
보안원
보위부
탈북민
농장
공장
노동자
생산
배급
환율
달러
위안
휘발유
전력
정전
건설
살림집
학생
교육
선전
강연
사상
처벌
공개처형
교화소
코로나
방역
봉쇄
검열
충성
인민
혁명
외교
협상
대화
남북
통일
회담
합의
군대
훈련
시험
위성
정찰위성
잠수함
핵실험
순항미사일
방사포
도발
위협
성명
담화
보도
소식통
전문가
분석
상황
문제
결정
계획
목표
성과
수출
수입
세관
화물
철도
열차
항구
선박
어선
석탄
광산
외화
벌금
뇌물
부패
체포
조사
재판
숙청
해임
임명
인사
전원회의
당대회
인민반
여맹
청년동맹
돈주
상인
손전화
한국드라마
외부정보
라디오
전단
풍선
가뭄
홍수
태풍
피해
복구
지원
비료
농사
모내기
가을걷이
군량미
동원
노력동원
돌격대
도로
병원
의약품
장사
밀수꾼
중개인
국경경비대
초소
통행증
여행
관광
해킹
가상화폐
""")
_KO_ADJS = _split("""
새로운
심각한
강력한
전면적인
구체적인
불법적인
대규모
긴급
특별
비상
전략적
군사적
경제적
정치적
지속적인
이례적인
""")
_KO_COMMODITIES = _split("""
쌀
옥수수
돼지고기
휘발유
디젤유
밀가루
콩기름
설탕
달걀
담배
시멘트
비료
감자
배추
""")
_KO_FACILITIES = _split("""
영변 핵시설
서해위성발사장
풍계리 핵실험장
김책제철연합기업소
협동농장
군수공장
조선소
세관
온실농장
병원 건설장
방직공장
비료공장
탄광
역전
국경경비대 초소
군사학교
""")
_KO_EVENTS = _split("""
전원회의
열병식
정치국 회의
확대회의
기념행사
강연회
군중대회
연회
협의회
당대회
회의
""")
_KO_WHEN = _split("""
지난주
이달 초
지난 월요일
지난 화요일
지난 수요일
지난 목요일
지난 금요일
주말 동안
지난달
지난해
1월
3월
5월
8월
10월
12월
올봄
올여름
""")
_KO_SENTENCES = _split("""
{person} {role}{은} {when} {place}의 {facility}{을} 현지지도했다고 {outlet}{이} 보도했다.
{place}의 소식통에 따르면 {when} {commodity} 가격이 1kg당 {num}원까지 올랐다.
북한 당국은 {when} {place}에서 {noun} 단속을 강화했다고 {outlet}{이} 전했다.
{org}{은} {adj} {noun} 문제를 논의하기 위한 {event}{을} 열었다.
소식통은 "{place} 주민들 사이에서 {noun}에 대한 불만이 커지고 있다"고 말했다.
이번 {noun}{은} {org}의 {adj} {noun}{과} 관련된 것으로 보인다.
노동신문은 {person} 총비서가 {event}에서 {noun}의 중요성을 강조했다고 보도했다.
전문가들은 이번 {noun}{이} {adj} 의미를 가진다고 분석했다.
{org}{은} 아직 {adj} {noun}에 대해 입장을 밝히지 않았다.
{place}{과} {place}에서 {num}명의 {noun} 관련자가 체포됐다고 소식통은 전했다.
위성사진에는 {place} {facility} 주변에서 {adj} 움직임이 포착됐다.
{person}{은} {noun}{과} {noun}{을} 강화하기 위한 {adj} 노력을 주문했다.
{org} 관계자들은 {place}에서 {person}{과} 만나 {noun} 문제를 협의했다.
{place} 장마당에서 달러 환율이 {num}원까지 치솟았다.
북한은 {when} 동해상으로 {adj} 미사일을 발사했다고 합동참모본부가 밝혔다.
{place}의 한 소식통은 "{adj} {noun} 때문에 {noun}{이} 더 어려워졌다"고 말했다.
{org}{은} {place}에서 {noun}에 대한 {adj} 조치를 내렸다.
북한은 그동안 {noun}{을} 주권에 대한 {adj} 위협이라고 주장해 왔다.
{person}{은} {org}의 {event}에서 {adj} {noun}{을} 언급했다.
{place} 국경경비대는 {year}년부터 {noun}{을} 강화해 왔다고 소식통은 덧붙였다.
통일부는 북한의 {adj} {noun} 동향을 예의주시하고 있다고 밝혔다.
이 {noun}{은} {year}년 {outlet}{이} 처음 보도했다.
{place}에서 {commodity}{과} {commodity} 가격이 {num}% 올랐다.
{person}{은} {facility} 방문 중 {noun} 문제도 점검했다.
이 보도는 독자적으로 확인되지 않았다.
핵심 소식통은 {place}의 {noun} 상황이 {adj} 수준이라고 전했다.
{year}년 {org}{은} {place}에서 {num}명을 {noun} 혐의로 처벌했다.
북한 주민들은 {noun}{과} {noun}{으로} 어려움을 겪고 있다.
""")
_KO_TITLES = _split("""
{person}, {place} {facility} 현지지도
{place} {commodity} 가격 급등…{noun} 단속 여파
북한, {adj} 미사일 발사
{org}, {place}에서 {event} 개최
{place} 주민들 {adj} {noun}에 시달려
{person} "{adj} {noun} 강화해야"
북한 {place}서 {noun} 강화
{place} 인근서 {adj} {noun} 포착
""")


def _korean(rng: random.Random) -> Vocabulary:
    places = _tail_places(rng, 3000)
    people = _tail_people(rng, 3000)
    slots = {
        "person": _KO_PEOPLE + [p[1] for p in people],
        "place": _KO_PLACES + [p[1] + rng.choice(_PLACE_SUFFIX["ko"]) for p in places],
        "org": _KO_ORGS,
        "outlet": _KO_OUTLETS,
        "role": _KO_ROLES,
        "noun": _KO_NOUNS,
        "adj": _KO_ADJS,
        "commodity": _KO_COMMODITIES,
        "facility": _KO_FACILITIES,
        "event": _KO_EVENTS,
        "when": _KO_WHEN,
    }
    core = {"person": len(_KO_PEOPLE), "place": len(_KO_PLACES)}
    return Vocabulary("ko", slots, _KO_SENTENCES, _KO_TITLES, core)


# --- Japanese ------------------------------------------------------------------

_JA_PEOPLE = _split("""
金正恩
金与正
崔善姫
金徳訓
崔竜海
趙甬元
朴正天
李炳哲
金正日
金日成
李雪主
玄松月
朴奉珠
張成沢
李日煥
尹錫悦
李在明
文在寅
習近平
プーチン
トランプ
バイデン
岸田文雄
石破茂
金英哲
""")
_JA_PLACES = _split("""
平壌
恵山
新義州
開城
元山
清津
咸興
南浦
羅先
茂山
会寧
江界
沙里院
海州
順川
金策
三池淵
寧辺
豊渓里
東倉里
丹東
延吉
ソウル
北京
モスクワ
東京
ワシントン
板門店
両江道
咸鏡北道
平安南道
慈江道
江原道
""")
_JA_ORGS = _split("""
朝鮮労働党
朝鮮人民軍
国家保衛省
党中央委員会
政治局
最高人民会議
国務委員会
韓国統一省
韓国軍合同参謀本部
国連安全保障理事会
国際原子力機関
韓国国家情報院
社会安全省
社会主義愛国青年同盟
内閣
組織指導部
外務省
国防省
道人民委員会
""")
_JA_OUTLETS = _split("""
朝鮮中央通信
労働新聞
デイリーNK
聯合ニュース
アジアプレス
朝鮮中央テレビ
わが民族同士
朝鮮新報
""")
_JA_ROLES = _split("""
総書記
国務委員長
首相
外相
国防相
副部長
党書記
報道官
道党責任書記
幹部
政治局員
総参謀長
""")
_JA_NOUNS = _split("""
北朝鮮
住民
当局
会議
ミサイル
国境
取り締まり
市場
制裁
食糧
価格
幹部
兵士
密輸
貿易
経済
軍事
発射
政策
指示
保安員
保衛部
脱北者
農場
工場
労働者
生産
配給
為替レート
ドル
人民元
ガソリン
電力
停電
建設
住宅
学生
教育
宣伝
講演会
思想
処罰
公開処刑
教化所
コロナ
防疫
封鎖
検閲
忠誠
人民
革命
外交
交渉
対話
南北
統一
会談
合意
軍隊
訓練
試験
衛星
偵察衛星
潜水艦
核実験
巡航ミサイル
挑発
脅威
声明
談話
報道
消息筋
専門家
分析
状況
問題
決定
計画
目標
成果
輸出
輸入
税関
貨物
鉄道
列車
港
船舶
漁船
石炭
鉱山
外貨
罰金
賄賂
腐敗
逮捕
調査
裁判
粛清
解任
任命
人事
総会
党大会
人民班
女性同盟
青年同盟
トンジュ
商人
携帯電話
韓国ドラマ
外部情報
ラジオ
ビラ
風船
干ばつ
洪水
台風
被害
復旧
支援
肥料
農業
田植え
収穫
軍糧米
動員
突撃隊
道路
病院
医薬品
商売
密輸業者
仲介人
国境警備隊
検問所
通行証
旅行
観光
ハッキング
暗号資産
""")
_JA_ADJS = _split("""
新たな
深刻な
強力な
全面的な
具体的な
不法な
大規模な
緊急の
特別な
非常の
戦略的な
軍事的な
経済的な
政治的な
継続的な
異例の
""")
_JA_COMMODITIES = _split("""
コメ
トウモロコシ
豚肉
ガソリン
軽油
小麦粉
大豆油
砂糖
卵
タバコ
セメント
肥料
ジャガイモ
白菜
""")
_JA_FACILITIES = _split("""
寧辺の核施設
西海衛星発射場
豊渓里の核実験場
金策製鉄連合企業所
協同農場
軍需工場
造船所
税関
温室農場
病院の建設現場
紡績工場
肥料工場
炭鉱
駅
国境警備隊の詰め所
軍事学校
""")
_JA_EVENTS = _split("""
総会
軍事パレード
政治局会議
拡大会議
記念行事
講演会
群衆大会
宴会
協議会
党大会
会議
""")
_JA_WHEN = _split("""
先週
今月初め
月曜日
火曜日
水曜日
木曜日
金曜日
週末
先月
昨年
1月
3月
5月
8月
10月
12月
今春
今夏
""")
_JA_SENTENCES = _split("""
{person}{role}は{when}、{place}の{facility}を現地指導したと{outlet}が伝えた。
{place}の消息筋によると、{when}{commodity}の価格が1キロあたり{num}ウォンまで上昇した。
北朝鮮当局は{when}、{place}で{noun}の取り締まりを強化したと{outlet}が報じた。
{org}は{adj}{noun}の問題を議論するための{event}を開いた。
消息筋は「{place}の住民の間で{noun}への不満が高まっている」と話した。
今回の{noun}は{org}の{adj}{noun}と関連したものとみられる。
労働新聞は、{person}総書記が{event}で{noun}の重要性を強調したと報じた。
専門家は今回の{noun}が{adj}意味を持つと分析している。
{org}は{adj}{noun}について、まだ立場を明らかにしていない。
{place}と{place}で{num}人の{noun}関係者が逮捕されたと消息筋は伝えた。
衛星写真には{place}の{facility}周辺で{adj}動きがとらえられた。
{person}は{noun}と{noun}を強化するための{adj}努力を求めた。
{org}の関係者は{place}で{person}と会い、{noun}の問題を協議した。
{place}の市場でドルの為替レートが{num}ウォンまで急騰した。
北朝鮮は{when}、日本海に向けて{adj}ミサイルを発射したと韓国軍合同参謀本部が発表した。
{place}の消息筋は「{adj}{noun}のせいで{noun}がさらに苦しくなった」と語った。
{org}は{place}で{noun}に対する{adj}措置を取った。
北朝鮮はこれまで{noun}を主権に対する{adj}脅威だと主張してきた。
{person}は{org}の{event}で{adj}{noun}に言及した。
{place}の国境警備隊は{year}年から{noun}を強化してきたと消息筋は付け加えた。
韓国統一省は北朝鮮の{adj}{noun}の動向を注視していると明らかにした。
この{noun}は{year}年に{outlet}が初めて報じた。
{place}で{commodity}と{commodity}の価格が{num}％上がった。
{person}は{facility}の視察中に{noun}の問題も点検した。
この報道は独自に確認されていない。
{year}年、{org}は{place}で{num}人を{noun}の容疑で処罰した。
北朝鮮の住民は{noun}と{noun}で苦しい生活を強いられている。
""")
_JA_TITLES = _split("""
{person}氏、{place}の{facility}を視察
{place}で{commodity}価格が急騰　{noun}取り締まりの影響
北朝鮮、{adj}ミサイルを発射
{org}が{place}で{event}を開催
{place}の住民、{adj}{noun}に苦しむ
{person}氏「{adj}{noun}を強化すべき」
北朝鮮・{place}で{noun}を強化
{place}付近で{adj}{noun}を確認
""")


def _japanese(rng: random.Random) -> Vocabulary:
    places = _tail_places(rng, 3000)
    people = _tail_people(rng, 3000)
    slots = {
        "person": _JA_PEOPLE + [p[2] for p in people],
        "place": _JA_PLACES + [p[2] + rng.choice(_PLACE_SUFFIX["ja"]) for p in places],
        "org": _JA_ORGS,
        "outlet": _JA_OUTLETS,
        "role": _JA_ROLES,
        "noun": _JA_NOUNS,
        "adj": _JA_ADJS,
        "commodity": _JA_COMMODITIES,
        "facility": _JA_FACILITIES,
        "event": _JA_EVENTS,
        "when": _JA_WHEN,
    }
    core = {"person": len(_JA_PEOPLE), "place": len(_JA_PLACES)}
    return Vocabulary("ja", slots, _JA_SENTENCES, _JA_TITLES, core)


def vocabularies(seed: int = 0) -> dict[str, Vocabulary]:
    """Every language's vocabulary; the generated tails depend on ``seed``."""
    return {
        "en": _english(random.Random(f"{seed}:en")),
        "ko": _korean(random.Random(f"{seed}:ko")),
        "ja": _japanese(random.Random(f"{seed}:ja")),
    }


# --- Writing -------------------------------------------------------------------

# Korean particles after a final consonant / after a vowel.
_PARTICLES = {"은": ("은", "는"), "이": ("이", "가"), "을": ("을", "를"), "과": ("과", "와")}
_KO_SLOT = re.compile(r"\{(\w+)\}(?:\{(은|이|을|과|으로)\})?")
_SLOT = re.compile(r"\{(\w+)\}()")


def _has_batchim(word: str) -> bool:
    last = word[-1]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    return last in "0123456789LMNRlmnr"  # read aloud with a final consonant


def _particle(word: str, particle: str) -> str:
    if particle == "으로":
        last = word[-1]
        rieul = "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 == 8
        return "로" if rieul or not _has_batchim(word) else "으로"
    closed, open_ = _PARTICLES[particle]
    return closed if _has_batchim(word) else open_


Part = tuple[str, str | None]  # (literal, None) or (slot name, Korean particle or "")


def _compile(template: str, korean: bool) -> list[Part]:
    parts: list[Part] = []
    pos = 0
    pattern = _KO_SLOT if korean else _SLOT
    for m in pattern.finditer(template):
        if m.start() > pos:
            parts.append((template[pos : m.start()], None))
        parts.append((m.group(1), m.group(2) or ""))
        pos = m.end()
    if pos < len(template):
        parts.append((template[pos:], None))
    return parts


def zipf_weights(n: int, s: float = 1.0, q: float = 1.0) -> list[float]:
    """Zipf-Mandelbrot weights for ranks 1..n: 1 / (rank + q) ** s."""
    return [1.0 / (rank + q) ** s for rank in range(1, n + 1)]


class Writer:
    """Writes titles and texts in one language from a seeded ``random.Random``."""

    BATCH = 256

    def __init__(self, vocab: Vocabulary, rng: random.Random) -> None:
        self.vocab, self.rng = vocab, rng
        korean = vocab.language == "ko"
        self._sentences = [_compile(t, korean) for t in vocab.sentences]
        self._titles = [_compile(t, korean) for t in vocab.titles]
        self._sentence_cw = list(accumulate(zipf_weights(len(self._sentences), 0.6, 2.0)))
        self._pools = {
            name: (values, list(accumulate(zipf_weights(len(values)))))
            for name, values in vocab.slots.items()
        }
        self._buffers: dict[str, list[str]] = {name: [] for name in self._pools}
        self._fillers: dict[str, Callable[[], str]] = {
            "num": lambda: str(
                self.rng.choice((2, 3, 5, 10, 12, 20, 30, 50)) * self.rng.randint(1, 400)
            ),
            "year": lambda: str(self.rng.randint(2011, 2026)),
        }
        self._space = "" if vocab.language == "ja" else " "

    def word(self, slot: str) -> str:
        if slot in self._fillers:
            return self._fillers[slot]()
        buffer = self._buffers[slot]
        if not buffer:
            values, cw = self._pools[slot]
            buffer.extend(self.rng.choices(values, cum_weights=cw, k=self.BATCH))
        return buffer.pop()

    def _fill(self, parts: Sequence[Part]) -> str:
        out: list[str] = []
        for text, particle in parts:
            if particle is None:
                out.append(text)
                continue
            word = self.word(text)
            out.append(word + _particle(word, particle) if particle else word)
        sentence = "".join(out)
        return sentence[0].upper() + sentence[1:] if sentence[0].islower() else sentence

    def title(self) -> str:
        return self._fill(self.rng.choice(self._titles))

    def sentence(self) -> str:
        parts = self.rng.choices(self._sentences, cum_weights=self._sentence_cw)[0]
        return self._fill(parts)

    def size(self, sentence: str) -> int:
        """Words in a sentence; for Japanese, characters / 2.2 (about one English word)."""
        if self.vocab.language == "ja":
            return int(len(sentence) / 2.2) + 1
        return sentence.count(" ") + 1

    def paragraphs(self, words: int) -> list[list[str]]:
        """About ``words`` words (Korean: eojeol; Japanese: see ``size``) of text,
        as paragraphs of one to four sentences."""
        paragraphs: list[list[str]] = []
        total = 0
        while total < words:
            paragraph = [self.sentence() for _ in range(self.rng.randint(1, 4))]
            total += sum(self.size(s) for s in paragraph)
            paragraphs.append(paragraph)
        return paragraphs

    def text(self, paragraphs: list[list[str]]) -> str:
        return "\n\n".join(self._space.join(p) for p in paragraphs)


def edit(writer: Writer, paragraphs: list[list[str]]) -> list[list[str]]:
    """A later version of a text: a sentence rewritten, dropped or added, or an update appended."""
    rng = writer.rng
    new = [list(p) for p in paragraphs]
    kind = rng.random()
    i = rng.randrange(len(new))
    j = rng.randrange(len(new[i]))
    if kind < 0.4:
        new[i][j] = writer.sentence()
    elif kind < 0.6 and len(new[i]) > 1:
        del new[i][j]
    elif kind < 0.8:
        new[i].insert(j, writer.sentence())
    else:
        new.append([writer.sentence(), writer.sentence()])
    return new
