"""Hand-built records for tests that need events without running the coder."""

from __future__ import annotations

from tacitus.records import (
    Article,
    Attribution,
    CodedArticle,
    Entity,
    Event,
    Evidence,
    FieldSpan,
    Place,
    Size,
    Span,
    Subgroup,
    When,
    article_id,
    event_id,
)

TEXT = (
    "Rebels attacked an army post near Kidal on Monday, killing at least 12 soldiers, "
    "a military spokesman said. The government condemned the attack."
)


def make_article(text: str = TEXT, **kw) -> Article:
    defaults = dict(title="Post attacked", published="2024-03-06", source="Coastline Wire",
                    url="https://example.org/a", language="en", origin="test")
    defaults.update(kw)
    return Article(id=article_id(text), text=text, **defaults)


def make_event(article: Article | None = None, *, category: str = "ASSAULT", trigger: str = "attacked",
               status: str = "occurred", actor=("Rebels", "MLI", "REB"), recipient=("an army post", "MLI", "MIL"),
               when: When | None = None, where: Place | None = None, n: int = 0) -> Event:
    article = article or make_article()
    start = article.text.index(trigger)
    end = start + len(trigger)
    sent_end = article.text.index(".", start) + 1
    a = Entity(text=actor[0], name=actor[0], country=actor[1], sector=actor[2], start=0, end=len(actor[0]))
    r = Entity(text=recipient[0], country=recipient[1], sector=recipient[2])
    return Event(
        id=event_id(article.id, start, category, n),
        article_id=article.id,
        category=category,
        mode="firearms" if category == "ASSAULT" else None,
        cameo="190" if category == "ASSAULT" else "111",
        quad=4 if category == "ASSAULT" else 3,
        intensity=-9.0 if category == "ASSAULT" else -3.0,
        actor=(a,),
        recipient=(r,),
        status=status,
        when=when or When(value="2024-03-04", precision="day", text="on Monday"),
        where=where or Place(text="Kidal", name="Kidal", geonames_id=2455290, lat=18.44, lon=1.41, country="MLI",
                             precision="city", reason="clause: prep 'near'"),
        sizes=(Size(kind="dead", min=12, max=None, text="at least 12", qualifier="at_least",
                    subgroups=(Subgroup(group="officers", count=2),)),),
        attribution=(Attribution(speaker="a military spokesman", kind="official", cue="said"),
                     Attribution(speaker="Coastline Wire", kind="publisher")),
        evidence=Evidence(sentence=article.text[:sent_end], sentence_start=0, sentence_end=sent_end,
                          trigger=Span(start, end, trigger),
                          spans=(FieldSpan("trigger", start, end, trigger),)),
        published=article.published,
        publisher=article.source,
        url=article.url,
    )


def make_coded(text: str = TEXT, **kw) -> CodedArticle:
    article = make_article(text, **kw)
    return CodedArticle(article=article, events=(make_event(article),
                                                 make_event(article, category="ACCUSE", trigger="condemned",
                                                            actor=("The government", "MLI", "GOV"),
                                                            recipient=("Rebels", "MLI", "REB"))))
