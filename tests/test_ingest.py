"""The ingest stage on files, directories, globs and stdin: every format and every bad input."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from tacitus import errors
from tacitus.ingest import IngestOptions, article_from_text, iter_inputs
from tacitus.records import Article, Failure, article_id

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"
NO_FETCH = IngestOptions(fetch=False)


def read(*sources: str | Path, options: IngestOptions = NO_FETCH, stdin=None) -> list[Article | Failure]:
    return list(iter_inputs([str(s) for s in sources], stdin=stdin, options=options))


def one(*sources: str | Path, options: IngestOptions = NO_FETCH, stdin=None) -> Article | Failure:
    items = read(*sources, options=options, stdin=stdin)
    assert len(items) == 1, items
    return items[0]


def one_article(*sources: str | Path, options: IngestOptions = NO_FETCH, stdin=None) -> Article:
    item = one(*sources, options=options, stdin=stdin)
    assert isinstance(item, Article), item
    return item


def one_failure(*sources: str | Path, options: IngestOptions = NO_FETCH, stdin=None) -> Failure:
    item = one(*sources, options=options, stdin=stdin)
    assert isinstance(item, Failure), item
    return item


# --------------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------------

@pytest.mark.skipif(not SEED.exists(), reason="the shared seed article is not checked out beside the repo")
def test_seed_article_title_credit_and_translation_note():
    article = one_article(SEED)
    assert article.title == "Iran Pressing Iraq to Handover Dissidents"
    assert article.text.startswith("Stop Fundamentalism – Sources in Baghdad")
    assert article.dateline == "Stop Fundamentalism"
    assert article.source == "Stop Fundamentalism"  # the credit names the outlet when none is given
    assert article.translated_from == "ar"
    assert article.source_notes == ("A part of this report was translated from Arabic; source Al-Siyasa, Kuwait.",)
    assert article.language == "en"
    assert article.published is None  # the article gives no date: none is invented
    assert article.id == article_id(article.text)
    assert article.origin == str(SEED)


def test_front_matter_gives_metadata_and_user_id():
    article = one_article(FIXTURES / "front_matter.txt")
    assert article.title == "Flood closes old bridge in Riverton"
    assert article.published == "2023-03-14"
    assert article.source == "The Valley Courier"
    assert article.url == "https://courier.example/2023/03/flood-bridge"
    assert article.external_id == "courier-1187"
    assert article.text.startswith("RIVERTON — Rising water")
    assert "---" not in article.text and "tags" not in article.text
    assert article.dateline == "RIVERTON"


def test_first_line_before_blank_line_is_the_title():
    article = one_article(FIXTURES / "title_line.txt")
    assert article.title == "Dock workers walk out at Portvale harbour"
    assert article.text.startswith("PORTVALE, March 3 (Coastal Wire) - About 400")
    assert article.dateline == "PORTVALE, March 3 (Coastal Wire)"
    assert article.source == "Coastal Wire"


def test_credit_as_source_can_be_switched_off():
    article = one_article(FIXTURES / "credit_note.txt", options=IngestOptions(fetch=False, credit_as_source=False))
    assert article.dateline == "Harbour Watch"
    assert article.source is None
    assert article.translated_from == "ar"
    assert article.source_notes == ("This report was partly translated from Arabic; source Al-Manara, Eastvale.",)


def test_a_sentence_on_the_first_line_is_not_a_title():
    article = one_article(FIXTURES / "no_title.txt")
    assert article.title is None
    assert article.text.startswith("Police in Millbrook arrested two men")


def test_short_english_article_is_not_skipped():
    article = one_article(FIXTURES / "short_english.txt")
    assert article.title == "Gunmen kill three guards at Harlow mine"
    assert article.language == "en"


def test_non_english_article_is_skipped_naming_the_language():
    failure = one_failure(FIXTURES / "spanish.txt")
    assert failure.outcome == "skipped"
    assert failure.code == errors.UnsupportedLanguage.code
    assert "Spanish (es)" in failure.reason
    assert failure.article_id is not None
    assert failure.origin == str(FIXTURES / "spanish.txt")


def test_language_check_can_be_switched_off():
    article = one_article(FIXTURES / "spanish.txt", options=IngestOptions(fetch=False, check_language=False))
    assert article.language == "es"


def test_bad_front_matter_is_a_failure():
    failure = one_failure(FIXTURES / "bad_front_matter.txt")
    assert failure.code == errors.MalformedRecord.code
    assert "front matter" in failure.reason and "YAML" in failure.reason


def test_front_matter_without_text_is_empty(tmp_path):
    path = tmp_path / "only_meta.txt"
    path.write_text("---\ntitle: Nothing below\n---\n\n", encoding="utf-8")
    failure = one_failure(path)
    assert failure.code == errors.EmptyInput.code
    assert "front matter but no article text" in failure.reason


def test_bom_and_crlf_do_not_change_the_article(tmp_path):
    plain = (FIXTURES / "title_line.txt").read_text(encoding="utf-8")
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode("utf-8"))
    a = one_article(FIXTURES / "title_line.txt")
    b = one_article(path)
    assert (b.id, b.title, b.text) == (a.id, a.title, a.text)


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes((FIXTURES / "no_title.txt").read_text(encoding="utf-8").encode("utf-16"))
    assert one_article(path).id == one_article(FIXTURES / "no_title.txt").id


# --------------------------------------------------------------------------------------------
# JSON Lines and JSON
# --------------------------------------------------------------------------------------------

def test_jsonl_good_and_bad_lines():
    path = FIXTURES / "articles.jsonl"
    items = read(path)
    by_origin = {item.origin: item for item in items}
    assert [item.origin for item in items] == [f"{path}:{n}" for n in (1, 2, 3, 4, 6, 7, 8, 9)]  # line 5 is blank

    first = by_origin[f"{path}:1"]
    assert isinstance(first, Article)
    assert first.external_id == "wire-001"
    assert first.published == "2023-07-05"  # RFC 2822
    assert first.source == "Northgate Evening Post"
    assert first.url == "https://wire.example/northgate-fire"
    assert first.id == article_id(first.text)
    assert by_origin[f"{path}:2"].external_id == "2"  # numbers become strings
    assert by_origin[f"{path}:9"].published == "2023-07-07"

    expected = {3: errors.MalformedRecord, 4: errors.MalformedRecord, 6: errors.EmptyInput, 7: errors.MalformedRecord}
    for line, error in expected.items():
        failure = by_origin[f"{path}:{line}"]
        assert isinstance(failure, Failure) and failure.outcome == "failed"
        assert failure.code == error.code
    assert "not valid JSON" in by_origin[f"{path}:3"].reason
    assert 'no "text" field' in by_origin[f"{path}:4"].reason
    assert "array" in by_origin[f"{path}:7"].reason
    skipped = by_origin[f"{path}:8"]
    assert skipped.outcome == "skipped" and skipped.code == errors.UnsupportedLanguage.code


def test_jsonl_line_that_is_too_large_or_badly_encoded(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = b'{"text": "Police said two men were arrested in Riverton on Monday after a fight outside the station."}\n'
    path.write_bytes(good + b'{"text": "' + b"x" * 3000 + b'"}\n' + b'{"text": "caf\xe9 owner said"}\n' + good)
    items = read(path, options=IngestOptions(fetch=False, max_bytes=1000))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Failure", "Article"]
    assert items[1].origin == f"{path}:2" and items[1].code == errors.InputTooLarge.code
    assert items[2].origin == f"{path}:3" and items[2].code == errors.EncodingError.code
    assert items[0].id == items[3].id


def test_json_document():
    article = one_article(FIXTURES / "article.json")
    assert article.external_id == "json-77"
    assert article.published == "2023-05-02"  # the date as written, not converted to UTC
    assert article.source == "Eastvale Today"


def test_json_array_items_have_numbered_origins(tmp_path):
    path = tmp_path / "list.json"
    path.write_text('[{"text": "Police said the road to Riverton was closed on Monday."}, {"title": "no text"}]')
    items = read(path)
    assert isinstance(items[0], Article) and items[0].origin == f"{path}#1"
    assert isinstance(items[1], Failure) and items[1].origin == f"{path}#2"


# --------------------------------------------------------------------------------------------
# HTML and feed files
# --------------------------------------------------------------------------------------------

def test_html_file_main_text_and_metadata():
    article = one_article(FIXTURES / "article.html")
    assert article.title == "Mayor opens new clinic in Westbury"
    assert article.published == "2023-04-18"
    assert article.source == "The Valley Courier"
    assert article.url == "https://courier.example/2023/04/westbury-clinic"
    assert article.text.startswith("WESTBURY — The mayor of Westbury opened")
    assert "Home" not in article.text and "rights reserved" not in article.text
    assert "\n\n" in article.text  # paragraphs separated by blank lines
    assert article.dateline == "WESTBURY"


def test_html_in_the_encoding_its_meta_tag_names(tmp_path):
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    html = html.replace("Residents had", "Caf\u00e9 owners and residents had")
    path = tmp_path / "cp1252.html"
    path.write_bytes(html.encode("cp1252"))
    assert "Café owners and residents had campaigned" in one_article(path).text


def test_html_without_main_text_is_a_failure():
    failure = one_failure(FIXTURES / "no_text.html")
    assert failure.code == errors.NoMainText.code
    assert "No article text" in failure.reason


def test_feed_file_without_following_links():
    path = FIXTURES / "feed.rss"
    items = read(path, options=IngestOptions(follow_feed_links=False))
    assert len(items) == 3
    storm, budget, empty = items
    assert isinstance(storm, Article)
    assert storm.origin == storm.url == "https://eastvale.example/storm-power"
    assert storm.title == "Storm cuts power to thousands in Eastvale"
    assert storm.published == "2023-09-10"  # 23:30 at -05:00: the feed's own day, not UTC's
    assert storm.source == "Eastvale Today"
    assert storm.text.startswith("A storm cut power to about 12,000 homes")
    assert "<p>" not in storm.text
    assert isinstance(budget, Article) and budget.origin == f"{path}#2" and budget.url is None
    assert isinstance(empty, Failure) and empty.code == errors.EmptyInput.code
    assert "no link" in empty.reason


def test_xml_file_that_is_not_a_feed(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text('<?xml version="1.0"?>\n<records><record>1</record></records>\n')
    failure = one_failure(path)
    assert failure.code == errors.MalformedRecord.code
    assert "not an RSS or Atom feed" in failure.reason


def test_formats_are_sniffed_when_the_name_has_no_extension(tmp_path):
    html = tmp_path / "page"
    shutil.copy(FIXTURES / "article.html", html)
    assert one_article(html).title == "Mayor opens new clinic in Westbury"
    jsonl = tmp_path / "records"
    shutil.copy(FIXTURES / "corpus" / "sub" / "c_third.jsonl", jsonl)
    assert one_article(jsonl).origin == f"{jsonl}:1"
    feed = tmp_path / "feed"
    shutil.copy(FIXTURES / "feed.rss", feed)
    assert len(read(feed, options=IngestOptions(follow_feed_links=False))) == 3


# --------------------------------------------------------------------------------------------
# Bad inputs: each becomes a Failure with its own code and reason
# --------------------------------------------------------------------------------------------

def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, type[errors.InputError]]]:
    cases = {
        "empty": (b"", errors.EmptyInput),
        "blank": (b"  \n\n\t \n", errors.EmptyInput),
        "nul": (b"Some text\x00\x01\x02 with NUL bytes", errors.BinaryInput),
        "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", errors.BinaryInput),
        "latin1": ("Caf\u00e9 owners in Riverton protested on Monday.".encode("latin-1"), errors.EncodingError),
    }
    out = {}
    for name, (data, error) in cases.items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        out[name] = (path, error)
    return out


def test_each_bad_input_fails_with_a_distinct_reason(tmp_path):
    cases = _bad_inputs(tmp_path)
    reasons = []
    for name, (path, error) in cases.items():
        failure = one_failure(path)
        assert failure.outcome == "failed", name
        assert failure.code == error.code, (name, failure)
        assert failure.origin == str(path)
        reasons.append(failure.reason)
    assert len(set(reasons)) == len(reasons)
    assert "PDF" in reasons[3]
    assert "UTF-8" in reasons[4] and "0xE9" in reasons[4]


def test_a_20_mb_article_is_too_large(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        for _ in range(20):
            f.write(b"word " * 200_000)  # 1 MB
    failure = one_failure(path)
    assert failure.code == errors.InputTooLarge.code
    assert "20.0 MB" in failure.reason and "5.0 MB" in failure.reason


def test_bad_inputs_do_not_stop_the_run(tmp_path):
    cases = _bad_inputs(tmp_path)
    good = FIXTURES / "no_title.txt"
    items = read(good, *(path for path, _ in cases.values()), good)
    assert isinstance(items[0], Article) and isinstance(items[-1], Article)
    assert all(isinstance(i, Failure) for i in items[1:-1])


# --------------------------------------------------------------------------------------------
# Sources: directories, globs, missing paths, stdin
# --------------------------------------------------------------------------------------------

def test_directory_is_read_recursively_in_sorted_order():
    corpus = FIXTURES / "corpus"
    items = read(corpus)
    assert [i.origin for i in items] == [
        str(corpus / "a_first.txt"),
        str(corpus / "b_second.txt"),
        str(corpus / "sub" / "c_third.jsonl") + ":1",
    ]
    assert all(isinstance(i, Article) for i in items)


def test_hidden_files_are_read_only_when_asked():
    items = read(FIXTURES / "corpus", options=IngestOptions(fetch=False, include_hidden=True))
    assert str(FIXTURES / "corpus" / ".hidden.txt") in [i.origin for i in items]


def test_globs():
    corpus = FIXTURES / "corpus"
    assert [i.origin for i in read(f"{corpus}/*.txt")] == [str(corpus / "a_first.txt"), str(corpus / "b_second.txt")]
    assert [i.origin for i in read(f"{corpus}/**/*.jsonl")] == [str(corpus / "sub" / "c_third.jsonl") + ":1"]


def test_missing_sources_raise_before_anything_is_read(tmp_path):
    with pytest.raises(errors.InputNotFound, match="No such file"):
        iter_inputs([str(FIXTURES / "no_title.txt"), str(tmp_path / "missing.txt")])
    with pytest.raises(errors.InputNotFound, match="No file matches"):
        iter_inputs([str(tmp_path / "*.txt")])
    with pytest.raises(errors.InputNotFound, match="http and https"):
        iter_inputs(["ftp://example.org/news.txt"])


def test_stdin_text():
    text = (FIXTURES / "title_line.txt").read_text(encoding="utf-8")
    article = one_article("-", stdin=io.StringIO(text))
    assert article.origin == "stdin"
    assert article.title == "Dock workers walk out at Portvale harbour"
    assert article.id == one_article(FIXTURES / "title_line.txt").id


def test_stdin_jsonl_from_a_byte_stream():
    data = (FIXTURES / "articles.jsonl").read_bytes()
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    items = read("-", stdin=stdin)
    assert items[0].origin == "stdin:1" and isinstance(items[0], Article)
    assert items[2].origin == "stdin:3" and items[2].code == errors.MalformedRecord.code
    assert len(items) == 8


def test_stdin_binary_and_empty():
    assert one_failure("-", stdin=io.TextIOWrapper(io.BytesIO(b"\x00\x01abc"))).code == errors.BinaryInput.code
    assert one_failure("-", stdin=io.StringIO("")).code == errors.EmptyInput.code


# --------------------------------------------------------------------------------------------
# Identity
# --------------------------------------------------------------------------------------------

def test_ids_are_content_hashes_and_idempotent():
    first = [i.id for i in read(FIXTURES / "corpus")]
    second = [i.id for i in read(FIXTURES / "corpus")]
    assert first == second and len(set(first)) == 3
    text = "Police said the bridge in Riverton was closed on Monday.\n\nIt reopened on Friday."
    a = article_from_text(text)
    b = article_from_text("  " + text.replace("\n\n", "\n   \n") + "\n")
    assert a.id == b.id == article_id(a.text)


def test_same_body_from_text_file_and_jsonl_has_one_id(tmp_path):
    from_file = one_article(FIXTURES / "title_line.txt")
    path = tmp_path / "same.jsonl"
    import json

    record = {"title": from_file.title, "text": (FIXTURES / "title_line.txt").read_text(encoding="utf-8")}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert one_article(path).id == from_file.id  # the repeated headline line is dropped from the body
