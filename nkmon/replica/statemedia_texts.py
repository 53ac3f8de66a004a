"""Original, fictional texts for the state-media replica (a KCNA-like news agency).

Plain data, no package imports, so the prose can be edited apart from the code. Every text was
written for this project in the formulaic register of the DPRK's official agency; events,
places' details and officials are invented. "Vice-Premier Ryom Kwang Sok" is a made-up official
who appears in three articles; two of them carry an ``edit`` that removes him without any
visible correction note, the way KCNA's archive was stealth-edited in December 2013.

English ``paragraphs`` are given without the dateline; the site prefixes the first one with
"Pyongyang, November 20 (KCNA) -- " and ends the page with "-0-". Korean ones likewise get
"(평양 11월 20일발 조선중앙통신)". ``edit`` maps a paragraph index to its new text
(``replace``), lists indexes to remove (``drop``) and may give a new ``title``.
"""

from __future__ import annotations

from typing import Any

#: The official whom the stealth edits remove.
PURGED_OFFICIAL = "Ryom Kwang Sok"

SITE_NAME = "Korean Central News Agency (replica)"

#: Month names for English datelines (not locale-dependent like strftime's %B).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: Top menu per page language; index 3 is the article list ("Latest News").
TOP_MENU: dict[str, tuple[str, ...]] = {
    "en": (
        "Home",
        "Kim Jong Un's Revolutionary Activities",
        "Top News",
        "Latest News",
        "Speeches",
        "Photo",
        "Video",
        "Juche Korea",
        "Archive",
        "Search",
    ),
    "ko": (
        "첫페지",
        "김정은동지의 혁명활동",
        "주요기사",
        "최신소식",
        "연설",
        "사진",
        "동영상",
        "주체조선",
        "기사묶음",
        "검색",
    ),
}

#: Language switcher: (label, path section).
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("조선어", "kp"),
    ("English", "en"),
    ("中国语", "cn"),
    ("Español", "es"),
    ("日本語", "jp"),
    ("Русский", "ru"),
)

PHOTO_CAPTIONS: tuple[str, ...] = (
    "Autumn scenery of Mt. Myohyang",
    "Schoolchildren at the Mangyongdae Children's Palace",
    "New machines roll off assembly line",
    "Bumper harvest in Mundok County",
)

VIDEO_CAPTIONS: tuple[str, ...] = (
    "Documentary: Great Year of Proud Victories",
    "Art performance given by Korean Children's Union members",
)

#: An unknown path: the web server's own plain error page.
NOT_FOUND = """<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head><title>404 Not Found</title></head><body>
<h1>Not Found</h1><p>The requested URL was not found on this server.</p>
</body></html>
"""

FOOTER = "Copyright © 2015 - 2026 by www.kcna.kp"

ENGLISH: list[dict[str, Any]] = [
    {
        "key": "greenhouse-farm-inspection",
        "published": "2026-11-20T07:30:00+09:00",
        "leader": True,
        "title": "Respected Comrade Kim Jong Un Inspects Newly Built Greenhouse Farm",
        "paragraphs": (
            "Kim Jong Un, general secretary of the Workers' Party of Korea and president of the "
            "State Affairs of the DPRK, inspected the newly built Ryongchon Greenhouse Farm "
            "ahead of its inauguration.",
            "Looking round the cultivation halls, the heat supply station and the seedling "
            "centre, he highly appreciated that the builders had completed the huge project in "
            "only seven months with the spirit of self-reliance, turning a barren tideland into "
            "a modern vegetable base.",
            "He stressed the need to manage the farm scientifically so that it supplies fresh "
            "vegetables to the people of the region all the year round, and gave instructions on "
            "raising the technical level of its workers.",
            "Saying that the farm is a precious fruition of the Party's people-first policy, he "
            "expressed the expectation that the workers would fulfil their duties before the era "
            "with credit.",
        ),
    },
    {
        "key": "south-hwanghae-threshing",
        "published": "2026-11-20T07:05:00+09:00",
        "title": "Threshing Completed Ahead of Schedule in South Hwanghae Province",
        "paragraphs": (
            "Agricultural workers in South Hwanghae Province, the country's major granary, "
            "completed this year's threshing ten days ahead of schedule.",
            "Vice-Premier of the Cabinet Ryom Kwang Sok, who visited threshing grounds in "
            "Sinchon and Anak counties, praised the farmers for their devoted efforts and called "
            "on them to take good care of the grain to the last ear.",
            "Farms across the province brought in a greater yield than last year thanks to "
            "improved seeds, timely irrigation and the mechanization of rice transplanting.",
            "The agricultural workers are now pushing ahead with the preparations for next "
            "year's farming, producing organic fertilizer and repairing farm machines.",
        ),
        "edit": {
            "replace": {
                1: "Officials of the Cabinet who visited threshing grounds in Sinchon and Anak "
                "counties praised the farmers for their devoted efforts and called on them to "
                "take good care of the grain to the last ear.",
            },
        },
    },
    {
        "key": "fm-spokesperson-naval-drills",
        "published": "2026-11-19T09:10:00+09:00",
        "title": "Spokesperson for DPRK Foreign Ministry Denounces Provocative Naval Drills",
        "paragraphs": (
            "A spokesperson for the Foreign Ministry of the DPRK issued the following press "
            "statement on Thursday in connection with the large-scale naval drills staged by "
            "the U.S. and its followers in waters near the Korean peninsula.",
            "The drills, which involve an aircraft carrier strike group and dozens of warships, "
            "are an undisguised rehearsal for an invasion that seriously threatens the security "
            "environment of the region.",
            "The DPRK will watch every move of the hostile forces with vigilance and will take "
            "all necessary measures to defend the sovereignty of the country and the peaceful "
            "life of its people.",
            "Those who disturb peace on the peninsula will be held wholly accountable for all "
            "the consequences.",
        ),
    },
    {
        "key": "rodong-consumer-goods",
        "published": "2026-11-19T07:20:00+09:00",
        "title": "Rodong Sinmun Calls for Increased Production of Consumer Goods",
        "paragraphs": (
            'Rodong Sinmun Thursday carries an editorial titled "Let Us Bring About a Fresh '
            'Upsurge in the Production of Consumer Goods".',
            "The editorial says that improving the people's standard of living is a top priority "
            "task of the Party, and that light industry factories should put their production "
            "on a normal track by using local raw materials.",
            "It calls on officials to go deep among the producers, to solve knotty problems in "
            "good time and to see to it that good-quality daily necessities reach every family.",
        ),
    },
    {
        "key": "kangdong-new-houses",
        "published": "2026-11-18T08:00:00+09:00",
        "title": "New Houses Handed Over to Working People in Kangdong County",
        "paragraphs": (
            "A ceremony for moving into new houses built in the Ryonhwa area of Kangdong County "
            "took place on Wednesday.",
            "Present there were Ryom Kwang Sok, vice-premier of the Cabinet, officials of the "
            "county Party committee, builders and families who will move into the houses.",
            "Vice-Premier Ryom Kwang Sok made a speech, saying that the 800 flats are a "
            "precious gift of the Party to the working people of the county.",
            "Licences for the new houses were handed over to the working people amid loud "
            "cheers, and the new residents expressed their gratitude to the Party.",
            "An art performance was given on the occasion.",
        ),
        "edit": {
            "replace": {
                1: "Present there were officials of the county Party committee, builders and "
                "families who will move into the houses.",
            },
            "drop": [2],
        },
    },
    {
        "key": "mothers-day-celebrated",
        "published": "2026-11-17T08:40:00+09:00",
        "title": "Mother's Day Celebrated across Country",
        "paragraphs": (
            "Various events took place across the country to celebrate Mother's Day, which fell "
            "on November 16.",
            "Children and pupils presented flowers and letters of thanks to their mothers, and "
            "performances praising the mothers who bring up the new generation with devotion "
            "were given in Pyongyang and provincial seats.",
            "Meetings held at workplaces paid tribute to mothers who have made contributions to "
            "the building of a thriving country while raising many children.",
        ),
    },
    {
        "key": "cold-wave-advisory",
        "published": "2026-11-17T07:15:00+09:00",
        "title": "Cold Wave Advisory Issued for Northern Inland Areas",
        "paragraphs": (
            "The Hydro-meteorological Service issued a cold wave advisory for the northern "
            "inland areas of the country.",
            "Morning temperatures will fall to minus 15 degrees Celsius in Ryanggang and "
            "Jagang provinces from Wednesday to Friday, with strong winds along the coast.",
            "The service called on units to take measures for the safe management of crops in "
            "storage, livestock and water supply facilities.",
        ),
    },
    {
        "key": "medical-appliance-factory",
        "published": "2026-11-16T07:30:00+09:00",
        "leader": True,
        "title": "Respected Comrade Kim Jong Un Inspects Kangso Medical Appliance Factory",
        "paragraphs": (
            "Respected Comrade Kim Jong Un inspected the Kangso Medical Appliance Factory, which "
            "was recently renovated.",
            "Going round the production processes, he was pleased to learn that the factory now "
            "turns out syringes, infusion sets and diagnostic devices on modern, dust-free lines.",
            "Noting that the health of the people is the most precious wealth of the country, he "
            "set forth tasks for expanding the variety of products and for raising their quality "
            "to world standards.",
            "He was accompanied by leading officials of the Central Committee of the Workers' "
            "Party of Korea.",
        ),
    },
    {
        "key": "organic-fertilizer-developed",
        "published": "2026-11-15T08:05:00+09:00",
        "title": "State Academy of Sciences Develops New Organic Fertilizer",
        "paragraphs": (
            "Researchers of the Biotechnology Branch of the State Academy of Sciences have "
            "developed a new microbial organic fertilizer that raises the fertility of soil.",
            "Field trials conducted at cooperative farms in three provinces showed that the "
            "fertilizer increases the per-hectare yield of maize by more than ten percent.",
            "Vice-Premier Ryom Kwang Sok, who looked round the production line, stressed the "
            "importance of introducing the fertilizer widely before next spring.",
        ),
    },
    {
        "key": "table-tennis-tournament",
        "published": "2026-11-14T09:20:00+09:00",
        "title": "DPRK Women's Team Wins Regional Table Tennis Tournament",
        "paragraphs": (
            "The DPRK women's team won the team event of a regional table tennis tournament "
            "that closed on Friday.",
            "The players showed high technical skill and strong fighting spirit, defeating "
            "their rivals 3:1 in the final.",
            "The team also took a silver medal in the women's doubles.",
        ),
    },
    {
        "key": "commentary-japan-militarism",
        "published": "2026-11-13T08:30:00+09:00",
        "title": "KCNA Commentary Slams Japan's Moves for Military Expansion",
        "paragraphs": (
            "The Japanese authorities are pushing ahead with a plan to increase their military "
            "budget to a record high for the fifth year in a row.",
            "This is a dangerous move to turn the country again into a military power, not "
            "something that can be justified by the pretext of a threat from the outside.",
            "Japan would be well advised to reflect on its past crimes and to stop acting "
            "rashly, mindful that the peoples of Asia will never tolerate its ambition.",
        ),
    },
    {
        "key": "east-sea-fish-catch",
        "published": "2026-11-12T08:15:00+09:00",
        "title": "Fishermen of East Sea Stations Overfulfil Monthly Catch Plan",
        "paragraphs": (
            "Fishermen of fishing stations along the East Sea of Korea overfulfilled their "
            "catch plan for October by 130 percent.",
            "The fishing stations in Sinpho and Hongwon made the best use of the favourable "
            "season, dispatching their vessels in good time to the fishing grounds.",
            "Processing workers are producing salted and dried fish to be supplied to the "
            "people for the winter.",
        ),
    },
    {
        "key": "regional-factory-inauguration",
        "published": "2026-11-12T07:30:00+09:00",
        "leader": True,
        "title": "Respected Comrade Kim Jong Un Attends Inauguration of Regional Factories",
        "paragraphs": (
            "A ceremony for the inauguration of the foodstuff factory, the daily necessities "
            "factory and the textile mill newly built in Kimhwa County took place.",
            "Respected Comrade Kim Jong Un attended the ceremony, amid the loud cheers of the "
            "people of the county.",
            "In his speech, he said that the completion of the factories marks a historic step "
            "in the policy of regional development, which aims to change the appearance of all "
            "counties of the country.",
            "After cutting the tape, he looked round the factories and took pictures with the "
            "builders and employees.",
        ),
    },
    {
        "key": "kim-chaek-symposium",
        "published": "2026-11-11T08:45:00+09:00",
        "title": "Scientific Symposium Held at Kim Chaek University of Technology",
        "paragraphs": (
            "A scientific symposium on information technology was held at Kim Chaek University "
            "of Technology.",
            "More than 200 papers were presented on subjects such as intelligent control "
            "systems, network security and the digitization of the management of enterprises.",
            "Papers of high practical value are to be introduced at factories and enterprises.",
        ),
    },
    {
        "key": "power-output-winter",
        "published": "2026-11-10T08:00:00+09:00",
        "title": "Power Stations Boost Output for Winter",
        "paragraphs": (
            "Thermal and hydroelectric power stations across the country are increasing their "
            "output to meet the demand for electricity in winter.",
            "Workers of the Pukchang Thermal Power Complex have repaired boilers and turbines "
            "ahead of schedule, while those of hydropower stations on the Taedong River are "
            "managing the water level in a scientific way.",
            "Officials of the Ministry of Electric Power Industry are taking steps to reduce the "
            "loss of electricity in transmission.",
        ),
    },
    {
        "key": "railway-modernization",
        "published": "2026-11-09T08:20:00+09:00",
        "title": "Modernization of Railway Section Completed",
        "paragraphs": (
            "The modernization of a section of the Pyongyang-Sinuiju railway line has been "
            "completed.",
            "Railway workers replaced sleepers and rails along more than 40 kilometres and "
            "renewed the signalling equipment with domestically made devices.",
            "As a result, the speed and safety of trains on the section have greatly improved.",
        ),
    },
    {
        "key": "land-management-campaign",
        "published": "2026-11-09T07:40:00+09:00",
        "title": "Autumn Land Management Campaign in Full Swing",
        "paragraphs": (
            "The autumn land management campaign is in full swing across the country.",
            "Working people and students are repairing roads and river embankments, planting "
            "trees on hillsides and tidying up villages in their neighbourhoods.",
            "Units of North Phyongan Province have already planted more than two million "
            "saplings this autumn.",
        ),
    },
    {
        "key": "art-troupe-returns",
        "published": "2026-11-08T09:00:00+09:00",
        "title": "Art Troupe Returns Home after Friendship Performance Tour",
        "paragraphs": (
            "An art troupe of the DPRK returned home on Saturday after a performance tour abroad.",
            "During its stay, the troupe gave performances of songs and dances that were warmly "
            "received by audiences, contributing to friendship with the peoples of other "
            "countries.",
            "It was greeted at the airport by officials concerned.",
        ),
    },
    {
        "key": "youth-league-meeting",
        "published": "2026-11-08T07:50:00+09:00",
        "title": "Youth League Members Vow to Be Vanguard in Socialist Construction",
        "paragraphs": (
            "A meeting of the Socialist Patriotic Youth League was held in Pyongyang.",
            "Speakers said that young people should take the lead at the difficult and "
            "labour-consuming posts of socialist construction and contribute to the prosperity "
            "of the country with their youthful vigour.",
            "The participants adopted a letter of resolution.",
        ),
    },
    {
        "key": "regional-hospital-construction",
        "published": "2026-11-07T07:30:00+09:00",
        "leader": True,
        "title": "Respected Comrade Kim Jong Un Inspects Construction Site of Regional Hospital",
        "paragraphs": (
            "Respected Comrade Kim Jong Un inspected the construction site of a regional "
            "hospital in Sukchon County.",
            "Acquainting himself with the progress of the construction, he said that the "
            "hospital must be built to the highest standard so that the people of the region "
            "enjoy the benefits of modern medical service.",
            "He gave instructions on the supply of building materials and medical equipment so "
            "that the hospital can open next year.",
        ),
    },
]

KOREAN: list[dict[str, Any]] = [
    {
        "key": "ko-greenhouse-farm",
        "published": "2026-11-20T07:30:00+09:00",
        "title": "경애하는 김정은동지께서 새로 건설된 룡천온실농장을 현지지도하시였다",
        "paragraphs": (
            "경애하는 김정은동지께서 조업을 앞둔 룡천온실농장을 현지지도하시였다.",
            "김정은동지께서는 온실과 열공급소, 모판생산장을 돌아보시면서 7개월이라는 짧은 "
            "기간에 거대한 농장을 일떠세운 건설자들의 투쟁정신을 높이 평가하시였다.",
            "김정은동지께서는 농장을 과학적으로 관리운영하여 인민들에게 사철 신선한 남새를 "
            "공급하여야 한다고 강조하시였다.",
        ),
    },
    {
        "key": "ko-threshing",
        "published": "2026-11-19T07:05:00+09:00",
        "title": "황해남도에서 올해 낟알털기를 앞당겨 끝내였다",
        "paragraphs": (
            "나라의 곡창인 황해남도의 농업근로자들이 올해 낟알털기를 계획보다 열흘 앞당겨 "
            "끝내였다.",
            "도안의 농장들에서는 우량종자와 제때의 물관리로 지난해보다 더 많은 알곡을 "
            "거두어들였다.",
            "농업근로자들은 지금 래년도 농사차비를 다그치고 있다.",
        ),
    },
    {
        "key": "ko-mothers-day",
        "published": "2026-11-17T08:40:00+09:00",
        "title": "각지에서 어머니날을 뜻깊게 경축",
        "paragraphs": (
            "어머니날을 맞으며 각지에서 여러가지 행사가 진행되였다.",
            "학생소년들은 어머니들에게 꽃다발과 감사의 편지를 드리였으며 "
            "평양과 각 도소재지들에서는 어머니들을 노래한 공연이 있었다.",
        ),
    },
    {
        "key": "ko-fish-catch",
        "published": "2026-11-14T08:15:00+09:00",
        "title": "동해지구 수산사업소들에서 물고기잡이 계획 넘쳐 수행",
        "paragraphs": (
            "동해지구의 수산사업소들에서 10월 물고기잡이계획을 130%로 넘쳐 수행하였다.",
            "신포와 홍원의 수산사업소들에서는 어로철을 놓치지 않고 배들을 제때에 어장으로 "
            "내보냈다.",
            "가공공들은 겨울철 인민들에게 공급할 절인 물고기와 마른 물고기를 생산하고 있다.",
        ),
    },
]
