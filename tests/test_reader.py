"""The reader on small hand-written reports: entities, attribution, modality, dates, traps."""

from __future__ import annotations

from claimgraph.extract.reader import read_document
from claimgraph.model import ANONYMOUS, Claim, Document, Reading


def read(text: str, published: str | None = "2025-03-11", outlet: str = "Test Times",
         title: str | None = None, language: str = "en") -> Reading:
    return read_document(Document.from_text(text, published=published, outlet=outlet, title=title,
                                             language=language))


def claim(reading: Reading, trigger: str) -> Claim:
    hits = [c for c in reading.claims if c.trigger == trigger]
    assert hits, f"no claim with trigger {trigger!r}: {[c.trigger for c in reading.claims]}"
    return hits[0]


def test_the_north_is_north_korea_and_capitals_act_for_states() -> None:
    r = read("The North has sent more than 200 laborers to Vladivostok, a source told Daily NK.\n\n"
             "Kyiv cut diplomatic ties with Pyongyang in July.")
    sent = claim(r, "sent")
    assert sent.actor == ["dprk"] and sent.event_type == "labour_deployment"
    assert "city:vladivostok" in sent.place and sent.quantity.value == 200 and sent.quantity.approx == "more_than"
    cut = claim(r, "cut")
    assert cut.actor == ["ukraine"] and cut.target == ["dprk"] and cut.cameo.startswith("16")


def test_capital_as_a_place_stays_a_city() -> None:
    r = read("The two envoys met in Moscow on July 29.", published="2022-08-17")
    met = claim(r, "met")
    assert met.place == ["city:moscow"] and met.when.start.isoformat() == "2022-07-29"


def test_anonymous_source_relayed_by_an_outlet() -> None:
    r = read("The North has sent more than 200 laborers to Vladivostok, a source told Daily NK.")
    c = claim(r, "sent")
    assert c.said_by == ANONYMOUS and c.via == ["daily_nk"] and c.modality == "reported"


def test_according_to_an_agency_and_told_the_tass_news_agency() -> None:
    r = read("According to Daily NK, Pyongyang has quietly dispatched welders to the Donbas region.\n\n"
             "Russian Ambassador Alexander Matsegora told the Tass news agency on Monday that about 150 "
             "builders would arrive next month.")
    d = claim(r, "dispatched")
    assert "daily_nk" in d.via and d.actor == ["dprk"] and d.place == ["donbas"]
    a = claim(r, "arrive")
    assert a.said_by == "matsegora" and a.via == ["tass"] and a.modality == "planned"
    assert a.when.start.isoformat() == "2025-04-01" and a.when.end.isoformat() == "2025-04-30"


def test_nested_attribution_inner_speaker_first() -> None:
    r = read("According to the lawmaker Yeom Dong-ha, the NIS said the workers had crossed into China "
             "last November.", published="2025-03-13")
    c = claim(r, "crossed")
    assert c.said_by == "nis" and "n:yeom-dong-ha" in c.via
    assert (c.when.start.isoformat(), c.when.end.isoformat()) == ("2024-11-01", "2024-11-30")


def test_quote_whose_speaker_is_named_two_sentences_earlier() -> None:
    r = read("Hou Ruiqing, a spokeswoman for China's foreign ministry, spoke at a briefing on March 17. "
             "Beijing has rejected similar accusations in the past. "
             "\"No workers are employed in China in violation of the resolutions,\" she said.",
             published="2025-03-24")
    c = claim(r, "employed")
    assert c.quote and c.said_by == "n:hou-ruiqing" and c.modality == "denied"
    assert c.when.start.isoformat() == "2025-03-17"


def test_denial_of_a_gerund() -> None:
    c = claim(read("Pyongyang denied sending workers to Russia."), "sending")
    assert c.modality == "denied" and c.said_by == "dprk" and c.actor == ["dprk"]


def test_hedges() -> None:
    r = read("North Korea is said to be having similar talks with Luhansk.\n\n"
             "There are indications that the North may be rebuilding a launch pad.\n\n"
             "The ambassador apparently hinted at a closer alliance.")
    assert claim(r, "having").modality == "hedged" and claim(r, "having").actor == ["dprk"]
    assert claim(r, "rebuilding").modality == "hedged"
    assert claim(r, "hinted").modality == "hedged"


def test_plans_versus_forecasts() -> None:
    r = read("Russia intends to fight the sanctions.\n\n"
             "According to a source in Russia, the workers will receive hazard pay.")
    assert claim(r, "fight").modality == "planned"
    assert claim(r, "receive").modality == "reported"  # a forecast, nobody's plan


def test_disclaimer_applies_to_the_disclaimed_source_only() -> None:
    r = read("North Korea has sent 400 workers to Liaoning, Free Dawn, a news website run by defectors, "
             "reported, citing a source inside the country.\n\n"
             "The wages are paid in cash, according to a Chinese trader.\n\n"
             "Free Dawn's account could not be independently verified.")
    assert claim(r, "sent").modality == "unverified"
    assert claim(r, "paid").modality != "unverified"


def test_publishing_outlet_is_no_relay_but_a_credited_agency_is() -> None:
    r = read("A manager told the Lantern Post that the company had hired 30 welders.", outlet="Lantern Post")
    assert claim(r, "hired").via == []
    r2 = read("TOKYO (Eastern Wire Service) — A tanker delivered fuel to a North Korean ship on Monday.",
              outlet="Harbor Ledger")
    c = claim(r2, "delivered")
    assert [r2.entities[v].name for v in c.via] == ["Eastern Wire Service"]


def test_passive_deployment_takes_the_workers_nationality_as_actor() -> None:
    c = claim(read("About 150 North Korean workers were sent to Donbas in January.", published="2024-04-25"),
              "sent")
    assert c.actor == ["dprk"] and c.place == ["donbas"] and c.when.start.isoformat() == "2024-01-01"


def test_name_coreference_and_role_descriptions() -> None:
    r = read("Alexander Matsegora, the Russian ambassador to North Korea, gave an interview.\n\n"
             "Matsegora said the workers would come soon.\n\n"
             "The ambassador claimed North Korea receives nothing.")
    assert claim(r, "come").said_by == "matsegora"
    assert claim(r, "receives").said_by == "matsegora"


def test_headline_and_furniture_raise_no_claims() -> None:
    text = ("Workers sent abroad, source says\n\nThe company hired 20 welders in May.\n\n"
            "Read more: Ten things to know about welding\n\nSubscribe to our newsletter")
    r = read(text, title="Workers sent abroad, source says")
    assert [c.trigger for c in r.claims] == ["hired"]


def test_not_english_is_stored_not_read() -> None:
    r = read("Nordkorea hat Arbeiter nach Russland geschickt.", language="de")
    assert r.claims == []


def test_evidence_span_points_into_the_text() -> None:
    text = "Intro line.\n\nThe North has sent more than 200 laborers to Vladivostok, a source told Daily NK."
    r = read(text)
    c = claim(r, "sent")
    assert "sent more than 200 laborers" in text[c.start:c.end]
    assert c.text in text and len(c.text) <= 600


def test_do_so_takes_the_act_of_the_governing_clause() -> None:
    r = read("Belarus recognized the two regions on Monday, joining Russia and Syria as the only two states to do so.")
    joined = claim(r, "joining")
    assert joined.event_type == "recognize" and sorted(joined.actor) == ["russia", "syria"]
    assert claim(r, "recognized").actor == ["belarus"]


def test_first_country_to_act_is_the_act() -> None:
    r = read("Poland was the first country to ban imports of Russian gas last year.")
    assert any(c.actor == ["poland"] and c.flags.get("event_lemma") == "ban" for c in r.claims), \
        [(c.trigger, c.actor, c.flags.get("event_lemma")) for c in r.claims]


def test_a_request_for_comment_left_unanswered_is_no_denial() -> None:
    r = read("Nobody answered the telephone at the Harbin office on Tuesday, and the Chinese embassy in "
             "Seoul did not immediately respond to a request for comment.")
    assert r.claims and all(c.modality != "denied" for c in r.claims), [(c.trigger, c.modality) for c in r.claims]
    # a real negated statement is still a denial
    c = claim(read("Russia said no North Korean workers were sent to Donetsk."), "sent")
    assert c.modality == "denied"


def test_the_addressee_of_a_message_is_its_target_even_when_the_parse_drops_it() -> None:
    # the parser tags "to" as a dative with no object and hangs "Kim Jong Un" under "calling"
    c = claim(read("The regional governor sent a letter to North Korean leader Kim Jong Un urging closer ties."),
              "sent")
    assert c.target == ["kim_jong_un"]


def test_two_coordinated_names_are_both_targets_even_when_the_parse_nests_them() -> None:
    r = read("Moscow formally absorbed both the Donetsk People's Republic and Luhansk People's Republic, which "
             "almost no other state recognizes.", published="2022-10-01")
    assert set(claim(r, "absorbed").target) == {"dpr", "lpr"}


def test_a_parenthetical_speaker_is_the_name_not_the_country_of_his_title() -> None:
    # the parser hangs the name on the place before it and leaves "said" without a subject
    r = read("\u201cThe builders will be a serious help\u201d in restoring the ruined towns in Donbas, Ivan Petrovsky, "
             "the Russian envoy to North Korea, said in an interview.")
    c = r.claims[0]
    assert c.said_by not in ("dprk", "russia") and "petrovsky" in (c.said_by or "")


def test_what_images_appear_to_show_is_hedged() -> None:
    r = read("Satellite pictures taken last week appear to show North Korean workers building a school in Donetsk.")
    assert claim(r, "building").modality == "hedged"
    r = read("Officials suspect that North Korea sent 300 workers to Vladivostok.")
    assert claim(r, "sent").modality == "hedged"


def test_a_when_clause_dates_the_clause_it_hangs_on() -> None:
    r = read("North Korean workers were building a school when journalists visited on March 3.", published="2026-03-10")
    assert claim(r, "building").when.start.isoformat() == "2026-03-03"


def test_rejecting_a_report_that_x_denies_x_on_the_rejecters_word() -> None:
    r = read("Anna Berg, a spokeswoman for the firm, rejected reports that it had hired North Korean workers.")
    c = claim(r, "hired")
    assert c.modality == "denied" and c.said_by == "n:anna-berg"


def test_an_object_the_parser_hangs_elsewhere_still_names_the_event() -> None:
    # "the fuel days later" is parsed as "fuel days" modifying "later": the verb has no object
    c = claim(read("The tanker Sea Breeze is believed to have unloaded the fuel days later at Nampo."), "unloaded")
    assert c.event_type == "fuel_transfer" and c.modality == "hedged"


def test_the_body_named_in_a_persons_title_is_not_that_person() -> None:
    # "a senior fellow at the institute": the fellow is not "the institute" a later sentence speaks of
    r = read("The Harbour Compliance Institute released a report on Wednesday. \"The trip was the moment the deal "
             "was done,\" said Dana Whitcombe, a senior fellow at the institute. The institute said it plans to "
             "send its findings to the Security Council.")
    c = claim(r, "send")
    assert c.said_by == c.actor[0] and r.entities[c.said_by].name.endswith("Institute")


def test_an_outlet_citing_someone_as_saying_relays_what_they_said() -> None:
    r = read("Yonhap later cited a police officer as saying that more than 150 North Koreans had "
             "worked for the company.")
    c = claim(r, "worked")
    assert c.said_by == ANONYMOUS and c.via == ["yonhap"]
    assert c.quantity.value == 150 and not [x for x in r.claims if x.trigger == "cited"]
    r = read("Reuters quoted Kim Yo Jong as saying the North would send more workers to Russia.")
    c = claim(r, "send")
    assert c.said_by == "n:kim-yo-jong" and c.via == ["reuters"]


def test_an_agency_citing_a_source_who_told_another_outlet_is_a_relay_chain() -> None:
    r = read("Yonhap reported on Monday, citing a person who had told the Seoul-based Daily NK about the plan, "
             "that about 80 North Koreans had been working at a shipyard in Vladivostok.")
    c = claim(r, "working")
    assert c.event_type == "labour_deployment" and c.said_by == ANONYMOUS
    # origin first (model.Attribution): the person told Daily NK, whose report Yonhap relayed
    assert c.via[:2] == ["daily_nk", "yonhap"] and c.quantity.value == 80
    assert not [x for x in r.claims if x.trigger == "citing"]  # the citation is attribution, not a claim


def test_an_act_under_an_instrument_is_dated_by_its_adoption() -> None:
    r = read("Under resolution 2375, adopted in September 2017, the Security Council banned joint ventures with "
             "North Korean firms.", published="2026-10-08")
    w = claim(r, "banned").when
    assert (w.start.isoformat(), w.granularity) == ("2017-09-01", "month")


def test_a_preposed_participle_keeps_its_date_to_itself() -> None:
    c = claim(read("Founded in 1990, the company sent 300 North Korean workers to Russia.", published="2026-10-08"),
              "sent")
    assert c.when is None  # the founding's year is not the sending's


def test_estimate_frame_credits_the_estimator_not_the_doer() -> None:
    r = read("Yonhap, which cited two officials in Seoul, put the number of loggers at six hundred.")
    c = claim(r, "put")
    assert c.event_type == "labour_deployment"
    assert "yonhap" not in c.actor  # the agency counted the loggers; it did not send them
    assert (c.said_by, c.via) == (ANONYMOUS, ["yonhap"])
    assert c.quantity is not None and (c.quantity.value, c.quantity.unit) == (600, "logger")


def test_paving_the_way_relates_the_trip_to_the_later_deployment() -> None:
    r = read("The envoy's visit to Vladivostok paved the way for the deployment of North Korean loggers to "
             "camps in the Russian Far East, according to a study by a Tokyo think tank.")
    c = claim(r, "paved")
    assert c.flags["event_key"] == "04"
    assert {"rel": "before", "event": "06"} == {k: c.flags["relations"][0][k] for k in ("rel", "event")}


def test_we_in_a_quote_is_the_body_the_speaker_speaks_for() -> None:
    r = read("Reporters traced the crews to Harbin Lianhe Trading Company. “We have never employed a "
             "North Korean,” a manager at the company who declined to give his name said. “We will send "
             "loggers,” Kim Chol said at a meeting with Gazprom.")
    denial = claim(r, "employed")
    assert denial.modality == "denied"
    assert denial.actor == ["n:harbin-lianhe-trading-company"]  # a firm named for its city is the firm
    assert claim(r, "send").actor == []  # a place he spoke at is not whom he speaks for


def test_the_place_a_group_left_is_a_place_not_a_target() -> None:
    r = read("About 90 North Korean welders were sent to Vladivostok. The group left the North in May, "
             "travelling by bus.")
    c = claim(r, "left")
    assert c.target == [] and "dprk" in c.place


def test_a_ship_seen_against_a_north_korean_hull_is_a_ship_to_ship_event() -> None:
    r = read("A patrol aircraft photographed the Liberian-flagged tanker Sea Falcon lashed to a North "
             "Korean-flagged vessel on Sept. 3, the navy said. A second flight spotted the Sea Falcon beside "
             "a North Korean-flagged freighter. \"Hoses appeared to run between the hulls,\" the navy said.")
    lashed, spotted, hoses = claim(r, "lashed"), claim(r, "spotted"), claim(r, "run")
    assert lashed.event_type == spotted.event_type == hoses.event_type == "ship_to_ship"
    assert lashed.actor == ["vessel:sea-falcon"]  # the participle after the object is said of the tanker
    assert "dprk" in lashed.target and "dprk" in spotted.target
    assert hoses.modality == "hedged"


def test_a_body_named_again_by_the_end_of_its_name_is_the_same_body() -> None:
    r = read("Japan's coast guard said a tanker was seen off Sado Island. \"Hoses appeared to run between the "
             "two ships,\" the coast guard said.")
    assert claim(r, "run").said_by == "jcg"
