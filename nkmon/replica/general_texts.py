"""Original, fictional English wire copy for the general-news replica (Yonhap-like).

Plain data written for this project. The agency, its reporters, the companies, teams, players,
the K-pop group and the Japanese prime minister are invented. Four stories are about North
Korea, each spelled differently ("N. Korea", "DPRK", "Pyongyang", "Kim Jong-un"; one names it
only in its title and first sentence); seven are not, and one of those talks about "South
Korea" and "Korean Peninsula weather" to catch filters that match on "Korea".
"""

from __future__ import annotations

from typing import Any

SITE_NAME = "Hanbit News Agency"
AGENCY = "Hanbit"  # as in the dateline: "SEOUL, Nov. 18 (Hanbit) --"

#: Top navigation (label, path). "North Korea" is on every page, whatever the story.
NAV: tuple[tuple[str, str], ...] = (
    ("National", "/national/index"),
    ("North Korea", "/nk/index"),
    ("Economy", "/economy/index"),
    ("Market", "/market/index"),
    ("Culture", "/culture/index"),
    ("Sports", "/sports/index"),
    ("Photos", "/photos/index"),
    ("Videos", "/videos/index"),
)

AD_TEXT = "Advertisement"
NEWSLETTER_TEXT = "Subscribe to the Hanbit morning briefing for the top Korea stories at 7 a.m."

ARTICLES: list[dict[str, Any]] = [
    {
        "id": "AEN20261118001800315",
        "section": "North Korea",
        "about_north_korea": True,
        "published": "2026-11-18T10:12:00+09:00",
        "author": "Kim Ha-eun",
        "title": "(LEAD) N. Korea fires cruise missiles into Yellow Sea: JCS",
        "paragraphs": (
            "North Korea fired several cruise missiles into the Yellow Sea early Wednesday, "
            "South Korea's military said, days after Pyongyang warned of countermeasures against "
            "a naval exercise planned by Seoul and Washington.",
            "The Joint Chiefs of Staff (JCS) said it detected the launches from near Onchon, a "
            "coastal county in South Phyongan Province, at around 7:50 a.m. The missiles flew for "
            "about two hours over waters west of the peninsula, the JCS said, adding that it was "
            "analysing the details with U.S. intelligence authorities.",
            '"Our military is maintaining a full readiness posture and closely sharing '
            'information with the United States," the JCS said in a text message sent to '
            "reporters. It did not say how many missiles were fired.",
            "The launch is the North's first known weapons test since early October, when it "
            "fired two short-range ballistic missiles off its east coast. Cruise missiles are not "
            "banned under U.N. Security Council resolutions, but analysts say North Korea has been "
            "steadily extending their range as a way to get around missile defences.",
            "Last week, the North's defence ministry called the allies' maritime exercise, set to "
            'begin Thursday, a "dangerous rehearsal for aggression" and vowed an "overwhelming" '
            "response. Seoul's unification ministry urged the North to stop actions that raise "
            "tensions.",
        ),
        "edit": {
            "modified": "2026-11-18T11:05:00+09:00",
            "title": "(2nd LD) N. Korea fires cruise missiles into Yellow Sea: JCS",
            "append": (
                "The presidential office convened an emergency meeting of security officials "
                "after the launch, a spokesperson said, and instructed the military to respond "
                "sternly to any further provocation from the North.",
            ),
        },
    },
    {
        "id": "AEN20261118000400315",
        "section": "North Korea",
        "about_north_korea": True,
        "published": "2026-11-18T07:31:00+09:00",
        "author": "Lee Jun-seo",
        "title": "Kim Jong-un calls for higher fertilizer output in factory visit: state media",
        "paragraphs": (
            "North Korean leader Kim Jong-un has inspected a major fertilizer plant in the "
            "country's northwest and urged workers to raise output before next year's farming "
            "season, state media reported Wednesday.",
            'During the visit, Kim called fertilizer production "the first front line of the '
            'struggle for grain," according to the Korean Central News Agency (KCNA). The report '
            "did not say when the inspection took place.",
            "Kim praised the completion of a new production line and ordered that its technology "
            "be introduced at other chemical plants, the official news agency of the Democratic "
            "People's Republic of Korea (DPRK) said. He was accompanied by senior party officials "
            "in charge of the economy.",
            "The DPRK has put agriculture at the top of its economic agenda this year after a dry "
            "summer hurt crops in several provinces. Experts in Seoul say a chronic shortage of "
            "fertilizer has long held down yields and that imports from China have fallen.",
            "Kim has made a string of economic inspections in recent weeks, which analysts see as "
            "an effort to show progress before a key party meeting expected at the end of the "
            "year.",
        ),
    },
    {
        "id": "AEN20261117000900315",
        "section": "North Korea",
        "about_north_korea": True,
        "published": "2026-11-17T16:05:00+09:00",
        "author": "Park Se-yeon",
        "title": "Unification ministry seeks 8 pct budget increase for N. Korea-related projects",
        "paragraphs": (
            "The unification ministry said Tuesday it will seek an 8 percent increase in its "
            "budget for North Korea-related projects next year, as it prepares to expand support "
            "for civic exchanges and separated families.",
            "The ministry asked for 1.32 trillion won (US$950 million) for its cooperation fund in "
            "the 2027 budget bill now under review at the National Assembly, up from 1.22 "
            "trillion won this year, according to documents submitted to lawmakers.",
            "Most of the increase would go to programs for separated families, including video "
            "reunions and recorded messages from elderly applicants, and to humanitarian aid "
            "delivered through international organizations, a ministry official said.",
            "Opposition lawmakers have criticized the fund for its low execution rate, noting that "
            "less than a fifth of this year's allocation had been spent by the end of September. "
            "The ministry said unspent money reflects projects that can begin only when conditions "
            "allow.",
            "The parliamentary budget committee is set to finish its review by Dec. 2.",
        ),
    },
    {
        "id": "AEN20261117000600315",
        "section": "North Korea",
        "about_north_korea": True,
        "published": "2026-11-17T11:20:00+09:00",
        "author": "Choi Min-ji",
        "title": "Pyongyang opens new general hospital after four years of construction",
        "paragraphs": (
            "Pyongyang has opened a new general hospital in the capital after four years of "
            "construction, state media reported Tuesday, calling it the centrepiece of a drive to "
            "modernize health care.",
            "State television said the Taedonggang General Hospital began treating patients on "
            "Monday and showed footage of doctors in new operating rooms and wards equipped with "
            "imported scanners. The DPRK broke ground on the project in the spring of 2022.",
            "Leader Kim Jong-un did not attend the opening ceremony, which was led by the premier, "
            "according to the report. Kim visited the construction site twice and criticized "
            "officials in 2024 for delays and poor planning.",
            "Officials in Seoul say the new facilities are unlikely to change conditions outside "
            "the capital, where hospitals face shortages of medicine and electricity. Pyongyang "
            "does not publish comprehensive health statistics.",
        ),
    },
    {
        "id": "AEN20261117002100330",
        "section": "Culture",
        "about_north_korea": False,
        "published": "2026-11-17T09:00:00+09:00",
        "author": "Shin Ye-rin",
        "title": "K-pop group NOVA9 wraps up world tour with two sold-out Seoul shows",
        "paragraphs": (
            "K-pop boy band NOVA9 wrapped up its first world tour with two sold-out concerts in "
            "Seoul over the weekend, its agency said Tuesday, drawing about 36,000 fans to an "
            "indoor arena in the southwest of the capital.",
            "The nine-member group performed 24 songs over three hours, including its summer hit "
            '"Paper Moon," and unveiled a new song from an album due out in January, Starline '
            "Entertainment said.",
            "The tour, which began in Bangkok in June, took the group to 18 cities in Asia, North "
            "America and Europe, with a combined audience of more than 400,000.",
            '"Ending the tour in Seoul, where we started as trainees, felt like coming home," '
            "leader Han Do-yoon told fans at the final show. The agency said a film of the concert "
            "will be released in cinemas in February.",
        ),
    },
    {
        "id": "AEN20261118002600320",
        "section": "Economy",
        "about_north_korea": False,
        "published": "2026-11-18T14:30:00+09:00",
        "author": "Yoon Jae-won",
        "title": "Seoul apartment prices rise for 12th straight week",
        "paragraphs": (
            "Apartment prices in Seoul rose for the 12th consecutive week, data showed Wednesday, "
            "as demand for homes in popular districts continued to outpace supply despite tighter "
            "lending rules.",
            "Prices of existing apartments in the capital climbed 0.18 percent in the second week "
            "of November from a week earlier, according to the Korea Real Estate Board, slightly "
            "faster than the 0.15 percent gain the previous week.",
            "Gains were led by districts south of the Han River, with Seocho and Songpa each "
            "rising more than 0.3 percent. Prices in surrounding Gyeonggi Province rose 0.06 "
            "percent, while those in other regions were flat.",
            "The government lowered the loan-to-value cap for homes in Seoul last month and "
            "stepped up scrutiny of mortgage lending, but analysts said the measures had yet to "
            'cool buyer sentiment. "Short supply remains the main driver," said a researcher at '
            "a private property institute.",
        ),
    },
    {
        "id": "AEN20261117003300320",
        "section": "Economy",
        "about_north_korea": False,
        "published": "2026-11-17T17:40:00+09:00",
        "author": "Oh Seung-hyun",
        "title": "(LEAD) Hanseong Electronics Q3 operating profit jumps 41 pct on chip demand",
        "paragraphs": (
            "Hanseong Electronics Co., South Korea's second-largest memory chipmaker, said Tuesday "
            "its third-quarter operating profit rose 41 percent from a year earlier on strong "
            "demand for chips used in artificial intelligence servers.",
            "Operating profit for the July-September period reached 3.9 trillion won (US$2.8 "
            "billion), up from 2.77 trillion won a year earlier, the company said in a regulatory "
            "filing. Sales rose 18 percent to 21.6 trillion won.",
            "The company said high-bandwidth memory made up nearly a third of its memory revenue "
            "and that it expects shipments to grow further next year as data centre operators "
            "expand. Its display unit posted a smaller profit due to weak smartphone demand.",
            "Shares of Hanseong Electronics closed 2.4 percent higher on the Seoul bourse, "
            "outperforming the benchmark KOSPI, which gained 0.6 percent.",
        ),
    },
    {
        "id": "AEN20261118000300325",
        "section": "National",
        "about_north_korea": False,
        "published": "2026-11-18T08:15:00+09:00",
        "author": "Kang Min-seo",
        "title": "Fine dust warning issued for Seoul, Gyeonggi as air quality worsens",
        "paragraphs": (
            "Fine dust warnings were issued for Seoul and surrounding areas on Wednesday as air "
            'quality fell to "very bad" levels, prompting authorities to restrict older diesel '
            "vehicles and curb operations at coal-fired power plants.",
            "Concentrations of ultrafine dust, known as PM2.5, topped 90 micrograms per cubic "
            "meter in parts of Seoul in the morning, according to the National Institute of "
            "Environmental Research. Levels above 75 micrograms are classified as very bad.",
            "The Korea Meteorological Administration said stagnant air and weak winds kept "
            "pollutants trapped near the ground, and that air quality should improve from "
            "Thursday afternoon as a cold front brings stronger northwesterly winds.",
            "Health authorities advised children, the elderly and people with respiratory "
            "conditions to stay indoors and to wear masks when they go out.",
        ),
    },
    {
        "id": "AEN20261117001500350",
        "section": "Sports",
        "about_north_korea": False,
        "published": "2026-11-17T15:00:00+09:00",
        "author": "Jung Woo-jin",
        "title": "Slugger Kim Tae-hyun named league MVP after record 58-homer season",
        "paragraphs": (
            "Slugger Kim Tae-hyun of the Incheon Harbors was named the most valuable player of "
            "the Korea Baseball Organization (KBO) on Tuesday, after a season in which he set a "
            "league record with 58 home runs.",
            "Kim received 96 of 113 first-place votes from reporters at an awards ceremony in "
            "Seoul, beating pitcher Lee Chan-woo of the Daegu Falcons, who led the league with 19 "
            "wins and a 2.31 earned run average.",
            "The 27-year-old batted .331 with 141 RBIs and led his club to its first Korean Series "
            'in nine years. "I want to share this award with my teammates who believed in me," '
            "Kim said, adding that he had not decided whether to seek a move to the major leagues.",
            "Rookie of the Year honors went to Busan shortstop Bae Ji-hoon, who hit .298 in his "
            "first full season.",
        ),
    },
    {
        "id": "AEN20261118001100301",
        "section": "National",
        "about_north_korea": False,
        "published": "2026-11-18T11:45:00+09:00",
        "author": "Han Seo-yeon",
        "title": "Japanese PM arrives in Seoul for talks on trade, youth exchanges",
        "paragraphs": (
            "Japanese Prime Minister Haruki Sonoda arrived in Seoul on Wednesday for a two-day "
            "visit, his first since taking office in September, with talks expected to focus on "
            "trade, supply chains and exchanges between young people.",
            "Sonoda will hold a summit with South Korea's president at the presidential office on "
            "Thursday, followed by a joint press conference and a state dinner, officials said.",
            "The two sides are expected to sign agreements on cooperation in hydrogen energy and "
            "on expanding a working holiday program that lets young people live and work in each "
            "other's country for up to a year. Officials are also discussing simpler immigration "
            "procedures for travelers.",
            "Trade between the two countries reached about US$77 billion last year. Seoul and "
            "Tokyo have stepped up high-level exchanges over the past three years, including "
            "regular visits between their leaders.",
            "Sonoda is also scheduled to meet business leaders and visit a start-up hub in "
            "Seoul's Seongsu-dong before returning home Thursday evening.",
        ),
    },
    {
        "id": "AEN20261117000500325",
        "section": "National",
        "about_north_korea": False,
        "published": "2026-11-17T10:30:00+09:00",
        "author": "Kang Min-seo",
        "title": "Ski resorts open early as cold snap grips South Korea",
        "paragraphs": (
            "Ski resorts in South Korea opened their slopes earlier than usual this week as an "
            "early cold snap sent temperatures well below freezing across much of the country.",
            "Two resorts in Gangwon Province began operating beginner runs on Monday using "
            "artificial snow, about a week earlier than last year, operators said. The morning low "
            "in Pyeongchang dropped to minus 11 C on Tuesday.",
            "Korean Peninsula weather will stay colder than normal through the weekend as a "
            "Siberian high-pressure system lingers, the Korea Meteorological Administration said, "
            "though temperatures are expected to return to seasonal levels next week.",
            "The cold also lifted sales of winter clothing and heaters, with major retailers in "
            "South Korea reporting double-digit increases in sales of padded jackets from the same "
            "week last year.",
        ),
    },
]
