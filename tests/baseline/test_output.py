"""Whole-record properties: upper-case wire copy, language guard, empty results, exact evidence, speed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from summarizer.article import Article, ArticleMeta
from summarizer.baseline import BASELINE_VERSION, date_inferred, extract
from summarizer.errors import InputError
from summarizer.schemas.incident import IncidentSummary, IncidentType, Outcome, SourceKind

MUC_STYLE = (
    "TST9-MUC4-0001\n\n"
    "   SAN SALVADOR, 3 FEB 90 (RADIO VENCEREMOS) -- [TEXT] FMLN GUERRILLAS ATTACKED A MILITARY\n"
    "POST IN THE TOWN OF SUCHITOTO YESTERDAY WITH DYNAMITE AND RIFLES, KILLING FIVE SOLDIERS, THE\n"
    "REBEL RADIO REPORTED.\n\n"
    "   ACCORDING TO THE ARMED FORCES, AT LEAST TWO GUERRILLAS DIED IN THE FIGHTING.\n"
)

POLITICS = (
    "Parliament voted on Thursday to approve the budget after a long debate. The opposition attacked "
    "the plan, saying it would raise taxes for the middle class. The prime minister said the vote was "
    "a victory for fiscal responsibility and that more reforms would follow next year."
)


def _quotes(value: Any) -> Iterator[str]:
    """Every string inside an `evidence` list, anywhere in a dumped record."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "evidence":
                yield from v
            else:
                yield from _quotes(v)
    elif isinstance(value, list):
        for v in value:
            yield from _quotes(v)


def test_upper_case_wire_copy_is_read() -> None:
    rec = extract(Article(text=MUC_STYLE))
    [inc] = rec.incidents
    assert inc.location.country == "El Salvador"
    assert "SUCHITOTO" in inc.location.places
    # dateline 3 FEB 90 anchors 'yesterday'
    assert inc.date.start == dt.date(1990, 2, 2) and inc.date.year_inferred is False
    assert [a.name for a in inc.perpetrator_organizations] == ["FMLN"]
    assert {w.name for w in inc.weapons} == {"dynamite", "rifles"}
    soldiers = [f for f in rec.casualty_figures if f.count.value == 5]
    assert soldiers and soldiers[0].outcome is Outcome.killed
    guerrillas = [f for f in rec.casualty_figures if f.count.value == 2]
    assert guerrillas and guerrillas[0].claimant.kind is SourceKind.military
    assert date_inferred(Article(text=MUC_STYLE)) is False


def test_upper_case_and_mixed_case_give_the_same_figures() -> None:
    text = "Gunmen killed at least five villagers in a raid on Sunday, a military spokesman said."
    low = extract(Article(text=text)).casualty_figures
    up = extract(Article(text=text.upper())).casualty_figures
    assert [(f.count.value, f.outcome) for f in low] == [(f.count.value, f.outcome) for f in up]


def test_political_article_has_no_incident() -> None:
    rec = extract(Article(text=POLITICS))
    assert rec.incidents == []
    assert rec.casualty_figures == []
    assert rec.summary.startswith("Rules baseline")


def test_non_english_text_is_refused_with_a_clear_message() -> None:
    french = (
        "Quatorze soldats maliens ont été tués et onze blessés mardi lors de combats avec des "
        "jihadistes dans le centre du pays, selon un nouveau bilan de l'armée publié jeudi, une "
        "attaque revendiquée par Al-Qaïda avec des chiffres différents. Les jihadistes du GSIM ont "
        "revendiqué une double embuscade dans la région de Mopti."
    )
    with pytest.raises(InputError, match="English only.*French"):
        extract(Article(text=french))


def test_declared_language_other_than_english_is_refused() -> None:
    with pytest.raises(InputError, match="'es'"):
        extract(Article(text="Gunmen killed five soldiers.", meta=ArticleMeta(language="es")))


@pytest.mark.parametrize("name", ["seed", "muc", "politics"])
def test_every_evidence_quote_is_an_exact_substring(name: str, seed_text: str) -> None:
    text = {"seed": seed_text, "muc": MUC_STYLE, "politics": POLITICS}[name]
    rec = extract(Article(text=text))
    quotes = list(_quotes(rec.model_dump(mode="json")))
    assert name == "politics" or quotes
    for q in quotes:
        assert q and q in text, q


def test_output_validates_and_figure_ids_resolve(seed: Article) -> None:
    rec = extract(seed)
    again = IncidentSummary.model_validate_json(rec.model_dump_json())
    ids = {i.id for i in again.incidents}
    assert all(set(f.incident_ids) <= ids and f.incident_ids for f in again.casualty_figures)


def test_two_attacks_in_the_seed_become_two_incidents(seed: Article) -> None:
    rec = extract(seed)
    assert [i.type for i in rec.incidents] == [IncidentType.armed_clash, IncidentType.armed_clash]
    assert "Tenenkou" in rec.incidents[0].location.places
    assert "Koumara" in rec.incidents[1].location.places


def test_deterministic(seed: Article) -> None:
    assert extract(seed).model_dump() == extract(seed).model_dump()


def test_version_and_data_provenance_are_declared() -> None:
    assert BASELINE_VERSION
    data = resources.files("summarizer.baseline").joinpath("data")
    for name in ("armed_groups.toml", "lexicon.toml", "places.toml"):
        head = data.joinpath(name).read_text("utf-8")[:800]
        assert "Provenance" in head and "Licence" in head, name


def test_future_threats_and_generic_plurals_are_not_incidents() -> None:
    for text in (
        "Officials warned residents that the area would be bombed if the rebels did not leave.",
        "The bishop condemned political murders and called on all parties to reject violence.",
        "The war has cost the country 70,000 deaths since 1980, the minister said.",
    ):
        assert extract(Article(text=text)).incidents == [], text


def test_counted_plural_events_are_incidents() -> None:
    rec = extract(Article(text="Two bombings rocked the capital on Monday, wounding 12 people."))
    assert [i.type for i in rec.incidents] == [IncidentType.bombing]


def test_deaths_from_disease_and_hypotheses_are_not_incidents() -> None:
    for text in (
        "The hospital director announced that eight people died of an unidentified disease.",
        "If you shoot it down, what if it is rigged as an improvised explosive device?",
        "The symptoms exhibited by the dead were spots on the body and a high fever.",
    ):
        rec = extract(Article(text=text))
        assert rec.incidents == [] and rec.casualty_figures == [], text


def test_public_surface_is_declared() -> None:
    from summarizer import baseline

    assert set(baseline.__all__) == {
        "BASELINE_VERSION", "PROVIDER", "BaselineResult", "date_inferred", "extract", "extract_with_info",
        "Amount", "parse_amount", "word_number",  # the amount reader, shared with `label check`
    }
    assert all(hasattr(baseline, name) for name in baseline.__all__)
    assert baseline.PROVIDER == "rules/baseline"
