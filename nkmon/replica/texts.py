"""Original, fictional article texts for the replica outlet.

Kept as plain data (no imports from the package) so the prose can be edited without touching
the code that turns it into articles. Every text here was written for this project; names of
sources, reporters and commenters are invented. ``edit`` describes the second revision as a
real newsroom edit: a changed sentence, an appended update or a removed name.
"""

from __future__ import annotations

from typing import Any

COOKIE_TEXT = (
    "We use cookies to remember your preferences and to understand how our reporting is read."
)
COMMENT_MARKER = "Thanks for this reporting, greetings from Busan."

#: Main navigation of the theme (label, category slug).
MENU: tuple[tuple[str, str], ...] = (
    ("Politics", "politics"),
    ("Economy", "economy"),
    ("Military", "military"),
    ("Border", "border"),
    ("Society", "society"),
    ("Human Rights", "human-rights"),
    ("Diplomacy", "diplomacy"),
    ("Interviews", "interviews"),
    ("Analysis", "analysis"),
    ("Media Watch", "media-watch"),
)

ARTICLES: list[dict[str, Any]] = [
    {
        "slug": "hyesan-rice-prices-climb-after-poor-harvest",
        "category": "Economy",
        "published": "2026-11-03T03:10:00+00:00",
        "authors": ("Kim Soo-jin",),
        "title": "Rice prices climb in Hyesan markets as autumn harvest disappoints",
        "paragraphs": (
            "The price of rice in markets in Hyesan, the largest city in Ryanggang Province, has "
            "risen by nearly a fifth over the past three weeks, according to traders and residents "
            "contacted by Korea Border Monitor. A kilogram of polished rice sold for around 7,400 "
            "won at the city's main market on Monday, up from roughly 6,200 won in mid-October, "
            "when the first grain from the autumn harvest usually pushes prices down.",
            "Sources in the city attributed the increase to a disappointing harvest on the "
            "cooperative farms of the northern provinces, where an unusually dry August stunted "
            "the maize and rice crops. 'Normally the new rice makes everything cheaper for a month "
            "or two, but this year the sacks never came,' said one trader who sells grain at the "
            "Hyesan market and who asked not to be named for fear of punishment.",
            "Corn, the staple for poorer households, has followed the same trend. A kilogram of "
            "maize cost about 3,100 won this week, compared with 2,600 won a month ago. Several "
            "residents said families that had counted on the harvest to carry them through the "
            "winter were already buying in smaller quantities, and that some were mixing corn "
            "flour with dried wild greens to stretch their supplies.",
            "The exchange rate has also weakened. One US dollar bought about 9,800 won at private "
            "money changers in Hyesan on Monday, a level that traders described as unsettling. "
            "Because much of the rice sold in border markets is either smuggled from China or "
            "bought by merchants who hold foreign currency, a weaker won feeds almost directly "
            "into the price of grain.",
            "Authorities have responded with familiar measures. Market managers have been told to "
            "enforce price ceilings on grain, and inspectors from the local people's committee "
            "have reportedly been fining vendors who sell above the posted limit. Traders said the "
            "main effect so far was to push sales out of the market halls and into private homes, "
            "where prices are higher still.",
        ),
        "edit": {
            "modified": "2026-11-04T01:45:00+00:00",
            "replace": {
                0: "The price of rice in markets in Hyesan, the largest city in Ryanggang "
                "Province, has risen by more than a fifth over the past three weeks, according to "
                "traders and residents contacted by Korea Border Monitor. A kilogram of polished "
                "rice sold for around 7,650 won at the city's main market on Tuesday, up from "
                "roughly 6,200 won in mid-October, when the first grain from the autumn harvest "
                "usually pushes prices down.",
            },
        },
        "caption": "Grain sacks stacked at a stall in a border market, photographed in 2024. "
        "(File photo: Korea Border Monitor)",
        "tags": ("Hyesan", "market prices", "rice", "Ryanggang"),
        "comments": (
            (
                "Daniel K.",
                "2026-11-03T08:02:00+00:00",
                "The exchange rate figure is the one to "
                "watch. When the won slides like this the grain price usually follows within a "
                "couple of weeks, so December could be worse.",
            ),
            (
                "Park Minjun",
                "2026-11-03T11:37:00+00:00",
                COMMENT_MARKER + " My grandmother "
                "was born near Hyesan and still asks about the markets there. Please keep "
                "following the prices through the winter.",
            ),
            (
                "seoul_watcher",
                "2026-11-04T02:15:00+00:00",
                "Price ceilings never work, they "
                "only move the trade into people's kitchens. Same story every year.",
            ),
        ),
    },
    {
        "slug": "ryanggang-winter-crackdown-on-border-smuggling",
        "category": "Border",
        "published": "2026-11-01T06:30:00+00:00",
        "authors": ("Park Ji-hoon", "Elena Marsh"),
        "title": "Ryanggang authorities launch winter crackdown on border smuggling",
        "paragraphs": (
            "Security officials in Ryanggang Province have begun a winter campaign against "
            "smuggling along the Amnok River, sources in the region say, with new guard posts, "
            "nightly patrols and heavier penalties for residents caught carrying goods across the "
            "border. The campaign, which began in the last week of October, is led by a joint "
            "inspection team sent from Pyongyang, according to two residents of Samsu County.",
            "The inspection team includes officers from the Ministry of State Security and the "
            "border guard command, the sources said. Its members have been questioning guards "
            "about bribes they may have accepted from smugglers during the summer, and at least "
            "three soldiers from a unit stationed near Hyesan were reportedly detained last week "
            "after a trader they had protected was arrested with a load of mobile phones.",
            "Residents said the crackdown had been announced at neighbourhood meetings, known as "
            "inminban, where people were told that anyone found colluding with outsiders across "
            "the river would be treated as a political criminal. 'They read the notice twice and "
            "made everyone sign a paper saying they understood,' said a woman in Hyesan who spoke "
            "by phone from a hillside close to the border.",
            "Smuggling has long sustained the economy of the border region, supplying markets "
            "with Chinese food, clothing and electronics. Since the pandemic-era border closure, "
            "however, the state has steadily expanded its control over cross-border trade, "
            "channelling it through licensed trading companies. Analysts say the new campaign "
            "fits that pattern and may be timed to stop traffic before the river freezes and "
            "becomes easier to cross on foot.",
            "The cost of smuggling has risen accordingly. A broker in Hyesan said guards who once "
            "accepted a few hundred Chinese yuan to look away were now demanding several times "
            "that amount, if they agreed at all. 'Nobody wants to be the example this winter,' he "
            "said. 'Even people who have done this for twenty years are waiting to see how long "
            "it lasts.'",
        ),
        "edit": {
            "modified": "2026-11-02T09:00:00+00:00",
            "append": (
                "Update: After this article was published, a second source in Samsu County said "
                "that two residents of a village near the river had been sent to a labour training "
                "camp for six months for helping a smuggler store goods in their homes. Korea "
                "Border Monitor was not able to independently confirm the sentences.",
            ),
        },
        "caption": "A guard post on the North Korean bank of the Amnok River, seen from the "
        "Chinese side in September. (Photo: Elena Marsh)",
        "tags": ("smuggling", "border guards", "Amnok River", "Ministry of State Security"),
        "comments": (
            (
                "Park Minjun",
                "2026-11-01T10:20:00+00:00",
                COMMENT_MARKER + " Every winter "
                "there is a new campaign and every spring the trade comes back. I wonder who "
                "profits this time.",
            ),
            (
                "J. Holloway",
                "2026-11-01T14:48:00+00:00",
                "Good detail on the inspection team. "
                "Do your sources know whether the detained soldiers were from the local unit or "
                "rotated in from elsewhere?",
            ),
        ),
    },
    {
        "slug": "ballistic-missile-launch-east-sea-seoul-tokyo-condemn",
        "category": "Military",
        "published": "2026-10-28T00:40:00+00:00",
        "authors": ("Daniel Whitfield",),
        "title": "North Korea fires ballistic missile into East Sea; Seoul and Tokyo condemn "
        "launch",
        "paragraphs": (
            "North Korea fired a ballistic missile toward the waters off its east coast on "
            "Wednesday morning, South Korea's Joint Chiefs of Staff said, the first launch in "
            "nearly two months. The missile was fired from an area near Sunan in Pyongyang "
            "shortly after 7 a.m. local time and flew about 540 kilometres before falling into "
            "the sea outside Japan's exclusive economic zone, according to the South Korean "
            "military.",
            "South Korea's military said it had detected the launch immediately and was analysing "
            "the flight data with the United States and Japan. It described the missile as a "
            "short-range ballistic missile but did not rule out that it was a new type. Officials "
            "said the trajectory, which peaked at an altitude of around 60 kilometres, was "
            "consistent with a weapon designed to manoeuvre at low altitude.",
            "Japan's defence ministry said the missile posed no immediate danger to shipping or "
            "aircraft, and the chief cabinet secretary told reporters that Tokyo had lodged a "
            "strong protest through diplomatic channels in Beijing. In Seoul, the presidential "
            "office convened a meeting of the national security council and said the launch was "
            "a clear violation of United Nations Security Council resolutions.",
            "The launch came days after the end of a joint air exercise by South Korean and US "
            "forces, which Pyongyang had denounced as a rehearsal for invasion. North Korean "
            "state media had not reported the test by midday. Analysts noted that Pyongyang often "
            "announces weapons tests the following morning, sometimes with photographs of senior "
            "officials observing the launch from a command post.",
            "Yang Min-seo, a researcher at a Seoul-based defence institute, said the timing "
            "suggested the test was meant both as a response to the exercises and as a technical "
            "milestone. 'They are working through a list of systems that were shown at the last "
            "parade,' she said. 'Each test is a message, but it is also an engineering step they "
            "need to take anyway.'",
        ),
        "edit": {
            "modified": "2026-10-29T00:30:00+00:00",
            "title": "North Korea tests 'new-type tactical guided weapon'; Seoul and Tokyo "
            "condemn launch",
            "append": (
                "Update, Thursday: The Korean Central News Agency said on Thursday morning that "
                "the Academy of Defence Science had tested a 'new-type tactical guided weapon' "
                "intended to improve the precision strike capability of frontline units. The "
                "report said the test had no negative impact on the security of neighbouring "
                "countries and made no mention of the recent exercises.",
            ),
        },
        "caption": "Commuters in Seoul watch a television news report on the launch on "
        "Wednesday morning. (Photo: Korea Border Monitor)",
        "tags": ("missile test", "Joint Chiefs of Staff", "Japan", "UN sanctions"),
        "comments": (
            (
                "Tanaka Hiro",
                "2026-10-28T03:05:00+00:00",
                "The alert on our phones in Niigata "
                "did not go off this time, which tells you the flight path was further north "
                "than usual.",
            ),
            (
                "Park Minjun",
                "2026-10-28T05:51:00+00:00",
                COMMENT_MARKER + " Clear and calm "
                "write-up compared with the breathless TV coverage here.",
            ),
            (
                "R. Alvarez",
                "2026-10-28T12:40:00+00:00",
                "Sixty kilometres apogee over 540 km "
                "is a very flat profile. Would be interesting to compare with the spring tests.",
            ),
            (
                "minji_k",
                "2026-10-29T01:02:00+00:00",
                "Please add the KCNA statement when it comes out tomorrow.",
            ),
        ),
    },
    {
        "slug": "party-plenary-meeting-grain-output-regional-factories",
        "category": "Politics",
        "published": "2026-10-24T08:15:00+00:00",
        "authors": ("Lee Hye-won",),
        "title": "Party plenary meeting closes with focus on grain output and regional factories",
        "paragraphs": (
            "A plenary meeting of the Central Committee of the Workers' Party of Korea ended on "
            "Friday after four days of sessions dominated by agriculture and the government's "
            "campaign to build factories in every county, according to a lengthy report carried "
            "by state media on Saturday. The meeting reviewed the work of the year so far and set "
            "tasks for the final months of 2026.",
            "The report said the meeting had seriously criticised officials in several provinces "
            "for failing to meet grain production targets, and singled out the agricultural "
            "sector for what it called an irresponsible attitude towards protecting crops from "
            "drought. It did not name the provinces, but the language echoed criticism of the "
            "farming sector at previous meetings held in years of poor harvests.",
            "Much of the report was devoted to the regional development policy, under which "
            "small light-industry factories are being built in counties across the country. The "
            "meeting praised the completion of the first round of factories and called for a "
            "second round to begin next spring, while warning that some new plants were standing "
            "idle because of shortages of raw materials and electricity.",
            "There were few signals on foreign policy. The report repeated standard language "
            "about strengthening the country's defence capabilities and did not mention the "
            "United States or South Korea by name. Observers in Seoul said the omission suggested "
            "the leadership wanted to keep attention on the domestic economy ahead of the "
            "year-end, when the party traditionally holds another, larger meeting.",
            "The meeting also announced several personnel changes, including the replacement of "
            "a vice-premier responsible for agriculture. State media did not explain the change, "
            "but demotions after critical reports on a sector are common. Photographs published "
            "with the report showed rows of senior officials taking notes during the closing "
            "speech, a standard image intended to convey discipline within the party.",
        ),
        "edit": {
            "modified": "2026-10-25T03:20:00+00:00",
            "replace": {
                4: "The meeting also announced several personnel changes, including the dismissal "
                "of a vice-premier responsible for agriculture and of the chairman of a "
                "provincial rural economy committee. State media did not explain the changes, "
                "but demotions after critical reports on a sector are common. Photographs "
                "published with the report showed rows of senior officials taking notes during "
                "the closing speech.",
            },
        },
        "caption": "A state television broadcast of the plenary meeting, shown on a screen at "
        "Seoul Station. (Photo: Korea Border Monitor)",
        "tags": ("Workers' Party", "plenary meeting", "agriculture", "regional development"),
        "comments": (
            (
                "Park Minjun",
                "2026-10-24T13:10:00+00:00",
                COMMENT_MARKER + " The part about "
                "idle factories is the most honest thing in that report.",
            ),
            (
                "Grace Oh",
                "2026-10-25T00:44:00+00:00",
                "Which vice-premier was it? Other sites "
                "are already speculating but nobody seems sure.",
            ),
        ),
    },
    {
        "slug": "pyongyang-rations-cut-distribution-centres-run-short",
        "category": "Society",
        "published": "2026-11-05T02:00:00+00:00",
        "authors": ("Choi Yoon-ah",),
        "title": "Pyongyang residents report smaller rations as distribution centres run short",
        "paragraphs": (
            "Households in several districts of Pyongyang received only part of their monthly "
            "grain ration in October, according to residents of the capital who spoke to "
            "relatives outside the country. The shortfall marks a rare disruption in the city, "
            "where the public distribution system has been maintained far more reliably than in "
            "the provinces and where rations are seen as a privilege of residence.",
            "A resident of Sadong District said her family had received about ten days' worth of "
            "grain instead of the usual fifteen, and that half of the ration was made up of maize "
            "rather than rice. Distribution centres posted notices saying the remainder would be "
            "supplied in the near future, but gave no date. Similar reports came from residents "
            "of Rangrang and Taedonggang districts.",
            "Workers at state enterprises in the capital are normally supplied through their "
            "workplaces, and some said their factories had also delayed rations. One worker said "
            "his enterprise had asked employees to contribute money towards buying grain at "
            "market prices, with the promise of repayment later. 'Everyone knows the money will "
            "not come back,' he said, 'but nobody wants to be the one who refuses.'",
            "The shortages appear to be linked to the weak harvest in the grain-producing "
            "provinces of South and North Hwanghae, where state procurement teams reportedly "
            "struggled to collect their quota from cooperative farms. Farmers there have "
            "complained that after the state takes its share, little remains for their own "
            "families, leading some to hide part of the crop before the harvest is counted.",
            "A reliable food supply in Pyongyang is an important part of the government's "
            "standing among the capital's elite. Researchers who study the North Korean economy "
            "said even a temporary cut could cause unease among families who have never had to "
            "rely heavily on markets. Rice prices in the capital have so far risen more slowly "
            "than in the northern border regions.",
        ),
        "edit": {
            "modified": "2026-11-06T07:10:00+00:00",
            "append": (
                "On Thursday, residents said some distribution centres in Sadong District had "
                "begun handing out the missing portion of the October ration, mostly in the form "
                "of flour and dried corn noodles. It was unclear whether the supplies came from "
                "state reserves or from imports, and residents of other districts said they were "
                "still waiting.",
            ),
        },
        "caption": "Apartment blocks in central Pyongyang, photographed from across the Taedong "
        "River in 2025. (File photo)",
        "tags": ("Pyongyang", "public distribution system", "food security"),
        "comments": (
            (
                "Anna Lindqvist",
                "2026-11-05T06:33:00+00:00",
                "If even Pyongyang is short, the "
                "situation in the Hwanghae farming counties must be grim.",
            ),
            (
                "Park Minjun",
                "2026-11-05T09:18:00+00:00",
                COMMENT_MARKER + " Asking money "
                "from workers to buy their own rations is something my father also remembers "
                "from the nineties.",
            ),
            (
                "kwon_ty",
                "2026-11-06T01:27:00+00:00",
                "How many sources is this based on? Three districts is a lot of the city.",
            ),
        ),
    },
    {
        "slug": "former-chongjin-teacher-on-leaving-north-korea",
        "category": "Interviews",
        "published": "2026-10-30T05:00:00+00:00",
        "authors": ("Han Seung-woo", "Elena Marsh"),
        "title": "'We taught slogans instead of arithmetic': a former Chongjin teacher on "
        "leaving North Korea",
        "paragraphs": (
            "For eleven years, Ms. Ri taught mathematics at a middle school in Chongjin, the port "
            "city on North Korea's northeast coast. She left the country in 2019 and reached "
            "South Korea the following year, after months in hiding in northern China. Now in her "
            "early fifties, she works at a care home outside Seoul. She agreed to talk about her "
            "former profession on condition that only her family name be used.",
            "Ri said the curriculum changed noticeably during her final years at the school, as "
            "more class time was devoted to the history of the ruling family and to ideological "
            "lessons. 'We still had arithmetic on the timetable, but the inspectors only asked "
            "about the revolutionary history classes,' she said. 'If a pupil could not recite the "
            "slogans, the teacher was criticised. If he could not divide, nobody noticed.'",
            "Teachers were also expected to collect money and goods from pupils' families, she "
            "said, from scrap metal and rabbit skins for state campaigns to contributions for "
            "repairs to the school building. Families who could not pay sent their children to "
            "work instead. By the end, she said, she spent more time keeping lists of who had "
            "paid than preparing lessons, and several colleagues quit to trade in the market.",
            "Her decision to leave came after her younger sister, Ri Kyong-hui, who had crossed "
            "into China a year earlier, sent word through a broker that she had found work and a "
            "place to stay. Ri said she had not told her husband of her plans. 'If I had told "
            "him, he would have had to report me or become guilty himself,' she said. 'I wanted "
            "to leave him an honest way to say he did not know.'",
            "Asked what she misses, she answered without hesitation: her students. She still "
            "wonders about a boy who solved every problem she set but was taken out of school at "
            "fourteen to help his mother sell noodles. 'In South Korea people ask me if the "
            "children were brainwashed,' she said. 'They were children. They wanted to play "
            "football and eat something sweet, like children everywhere.'",
        ),
        "edit": {
            "modified": "2026-10-31T02:00:00+00:00",
            "replace": {
                3: "Her decision to leave came after her younger sister, who had crossed into "
                "China a year earlier, sent word through a broker that she had found work and a "
                "place to stay. Ri said she had not told her husband of her plans. 'If I had told "
                "him, he would have had to report me or become guilty himself,' she said. 'I "
                "wanted to leave him an honest way to say he did not know.'",
            },
        },
        "caption": "Ms. Ri at a community centre outside Seoul in October. Her face is not "
        "shown at her request. (Photo: Han Seung-woo)",
        "tags": ("defectors", "education", "Chongjin", "interview"),
        "comments": (
            (
                "Park Minjun",
                "2026-10-30T09:40:00+00:00",
                COMMENT_MARKER + " Her last answer about the children stayed with me all morning.",
            ),
            (
                "Sarah Whitcombe",
                "2026-10-30T15:02:00+00:00",
                "As a maths teacher myself I "
                "found this heartbreaking. I hope she gets to teach again one day.",
            ),
            (
                "d_yoon",
                "2026-10-30T18:11:00+00:00",
                "Please be careful with the names of family "
                "members. Relatives still inside can be punished for much less.",
            ),
        ),
    },
    {
        "slug": "rodong-sinmun-self-reliance-editorial-analysis",
        "category": "Analysis",
        "published": "2026-10-20T04:30:00+00:00",
        "authors": ("Thomas Berger",),
        "title": "Reading between the lines: what Rodong Sinmun's self-reliance editorial signals",
        "paragraphs": (
            "Rodong Sinmun, the official newspaper of the Workers' Party, devoted its front page "
            "on Monday to an editorial calling on citizens to overcome every difficulty with the "
            "spirit of self-reliance in the final months of the year. At first glance the text is "
            "routine: the paper publishes similar appeals every autumn. Read closely, however, it "
            "contains several phrases suggesting the leadership is preparing the public for a "
            "difficult winter.",
            "The most striking passage admits that the objective conditions are harsher than "
            "ever, a formula that has in the past preceded announcements of economic hardship. "
            "The editorial also urges officials to share the bitter and the sweet with the "
            "people, a phrase that state media used heavily during the food shortages of the late "
            "1990s and that has rarely appeared since the early 2010s.",
            "There is also a noticeable shift in emphasis. Previous editorials in this series "
            "listed large construction projects as symbols of national progress. This one "
            "mentions none of them, focusing instead on the harvest, fuel for heating and the "
            "supply of basic goods to households. Such changes in vocabulary are one of the few "
            "tools outsiders have for tracking the priorities of a leadership that publishes "
            "almost no statistics.",
            "None of this means a crisis is imminent. State media often use alarming language to "
            "mobilise workers for campaigns, and the phrases in Monday's editorial may simply "
            "reflect the usual pressure to finish the harvest. But taken together with reports of "
            "rising grain prices in border markets and delayed rations in the capital, the "
            "editorial adds to a picture of an economy under strain as winter approaches.",
        ),
        "caption": "The front page of Monday's Rodong Sinmun, as displayed at a public reading "
        "board. (Image: Korea Border Monitor archive)",
        "tags": ("Rodong Sinmun", "state media", "propaganda", "self-reliance"),
        "comments": (
            (
                "Park Minjun",
                "2026-10-20T07:55:00+00:00",
                COMMENT_MARKER + " This kind of "
                "close reading of the state press is exactly why I subscribe.",
            ),
            (
                "M. Feldmann",
                "2026-10-21T10:03:00+00:00",
                "The bitter-and-sweet phrase really "
                "is a throwback. I checked our own archive and found almost nothing after 2012.",
            ),
        ),
    },
    {
        "slug": "truck-traffic-friendship-bridge-dandong-sinuiju",
        "category": "Diplomacy",
        "published": "2026-10-26T07:20:00+00:00",
        "authors": ("Kim Soo-jin",),
        "title": "Truck traffic on the Sino-Korean Friendship Bridge picks up ahead of winter",
        "paragraphs": (
            "The number of trucks crossing the Sino-Korean Friendship Bridge between Dandong and "
            "Sinuiju has increased sharply in recent weeks, according to traders in the Chinese "
            "border city, as North Korean state companies rush to import goods before the winter "
            "slowdown. One logistics agent in Dandong said around eighty trucks had crossed on "
            "some days in October, compared with about thirty on a typical summer day.",
            "Most of the cargo consists of flour, cooking oil, sugar and textiles, the agent said, "
            "along with construction materials for the regional factories being built across "
            "North Korea. He said the North Korean side had also been buying large quantities of "
            "plastic sheeting, which farmers use to protect seedlings in the spring, and "
            "fertiliser that is normally shipped later in the year.",
            "Chinese customs data published last week showed that trade between the two "
            "countries rose for the third consecutive month in September, although it remains "
            "below the levels recorded before the border was closed in early 2020. Economists "
            "caution that the official figures do not capture smuggling or trade conducted "
            "through barter, which traders say has grown since the pandemic.",
            "Traders in Dandong said payment remained the main obstacle. North Korean companies "
            "have little access to the international banking system and often settle their "
            "accounts months late, using intermediaries in China. 'Everyone wants the business, "
            "but nobody wants to be the last one waiting for money when the trucks stop,' said a "
            "Chinese trader who has dealt with North Korean partners for more than a decade.",
        ),
        "edit": {
            "modified": "2026-10-27T02:15:00+00:00",
            "replace": {
                0: "The number of trucks crossing the Sino-Korean Friendship Bridge between "
                "Dandong and Sinuiju has increased sharply in recent weeks, according to traders "
                "in the Chinese border city, as North Korean state companies rush to import goods "
                "before the winter slowdown. Two logistics agents in Dandong said as many as a "
                "hundred trucks had crossed on some days in October, compared with about thirty "
                "on a typical summer day.",
            },
        },
        "caption": "Trucks queue at the customs area on the Dandong side of the bridge in "
        "October. (Photo: Korea Border Monitor)",
        "tags": ("China", "trade", "Dandong", "Sinuiju"),
        "comments": (
            (
                "Li Wei",
                "2026-10-26T12:14:00+00:00",
                "I live in Dandong and the queues near the "
                "customs yard are the longest I have seen since 2019.",
            ),
            (
                "Park Minjun",
                "2026-10-26T14:29:00+00:00",
                COMMENT_MARKER + " Interesting that they are buying fertiliser so early.",
            ),
        ),
    },
    {
        "slug": "video-inside-hamhung-market-winter-prices",
        "category": "Society",
        "published": "2026-11-04T09:00:00+00:00",
        "authors": ("Choi Yoon-ah",),
        "title": "Video: inside a Hamhung market as winter prices bite",
        "broken": True,
        "paragraphs": (
            "Footage obtained by Korea Border Monitor shows a crowded market in Hamhung, one of "
            "the largest cities in North Korea, where vendors sell rice, maize, cabbages and "
            "second-hand clothing from wooden stalls. The video, filmed in early November by a "
            "resident using a concealed phone, offers a rare glimpse of daily commerce in a city "
            "that foreign journalists have not been able to visit freely for years.",
            "In the footage, a woman can be heard asking the price of a sack of maize and "
            "complaining that it has gone up again since the previous week. Several stalls "
            "display handwritten signs with prices, which appear to follow the official ceilings "
            "set by the market management. Traders interviewed separately said those signs were "
            "mainly for inspectors and that real prices were agreed quietly.",
            "The video also shows a long queue in front of a stall selling coal briquettes, a "
            "sign that households are already preparing for the cold months. Residents said the "
            "price of briquettes had roughly doubled since the summer because coal mines in the "
            "province were sending more of their output to power stations and state enterprises.",
            "Korea Border Monitor has blurred the faces of people who appear in the footage to "
            "protect them from identification. The person who filmed the market was paid a fee "
            "to cover the cost of the phone and the risk involved, in line with our policy for "
            "citizen reporters working inside the country.",
        ),
        "caption": "",
        "tags": ("Hamhung", "video", "markets"),
        "comments": (
            (
                "Park Minjun",
                "2026-11-04T12:12:00+00:00",
                COMMENT_MARKER + " The video does not load for me on mobile, only a blank space.",
            ),
            (
                "tomas_r",
                "2026-11-04T13:40:00+00:00",
                "Same here, the player stays empty in Firefox. Is there a transcript?",
            ),
        ),
    },
]
