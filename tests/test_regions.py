"""Only the sender's own words are linted: quotes, forwards and signatures are context."""
from __future__ import annotations

from mail_lint.draft import Draft, RegionKind, unwrap
from mail_lint.regions import split_regions


def kinds(text):
    regions = split_regions(text)
    return [(text[r.start : r.end].strip().splitlines()[0] if text[r.start : r.end].strip() else "", r.kind)
            for r in regions]


def test_regions_cover_the_text_in_order():
    text = "Hi,\nBody.\n> quoted\nMore.\n-- \nSig line\n"
    regions = split_regions(text)
    assert regions[0].start == 0 and regions[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(regions, regions[1:], strict=False))


def test_quoted_lines_and_signature():
    text = "Hi Dana,\nThanks for the interview.\n> We have decided\n> otherwise.\n-- \nMark Lee\n+1 555 0100\n"
    assert [k for _, k in kinds(text)] == [RegionKind.BODY, RegionKind.QUOTE, RegionKind.SIGNATURE]


def test_attribution_line_starts_the_quoted_thread_even_wrapped():
    one_line = "Sure.\n\nOn Mon, 2 Mar 2026, Dana <d@example.com> wrote:\nWe are sorry.\n"
    wrapped = "Sure.\n\nOn Mon, 2 Mar 2026 at 09:12, Dana Whitfield\n<dana@example.com> wrote:\nWe are sorry.\n"
    for text in (one_line, wrapped):
        assert kinds(text)[-1][1] == RegionKind.QUOTE
        assert "sorry" not in Draft("x", text, split_regions(text)).own_text()


def test_outlook_and_forwarded_blocks():
    outlook = "Fine.\n\n-----Original Message-----\nFrom: A\nSent: Monday\nSorry!\n"
    headers = "Fine.\n\nFrom: Dana Whitfield\nSent: Monday, 2 March 2026 09:12\nTo: Mark\nSorry!\n"
    forward = "FYI.\n\n---------- Forwarded message ---------\nFrom: A\nSorry!\n"
    assert kinds(outlook)[-1][1] == RegionKind.QUOTE
    assert kinds(headers)[-1][1] == RegionKind.QUOTE
    assert kinds(forward)[-1][1] == RegionKind.FORWARD


def test_closing_sign_off_block_is_a_signature_but_a_long_tail_is_not():
    text = "Body text here.\n\nBest regards,\nJonas Keller\nSenior Engineer\n"
    assert kinds(text)[-1] == ("Best regards,", RegionKind.SIGNATURE)
    body_after = "Thanks,\n" + "This is a long paragraph that keeps going well past a signature.\n" * 8
    assert all(k == RegionKind.BODY for _, k in kinds(body_after))


def test_own_text_and_context_text_keep_offsets():
    text = "Hi,\nI am sorry.\n> We regret\n> to tell you.\n"
    draft = Draft("x", text, split_regions(text))
    own, context = draft.own_text(), draft.context_text()
    assert len(own) == len(context) == len(text)
    assert "regret" not in own and own.index("sorry") == text.index("sorry")
    assert "We regret" in context and ">" not in context and "sorry" not in context


def test_blanked_regions_depend_only_on_their_length():
    """spaCy keeps every distinct whitespace token for good: quoted replies of the same length but
    different line layouts must blank to the same whitespace, with the own text after them still
    starting a line."""
    drafts = [Draft("x", text, split_regions(text)) for text in (
        "> We regret to\n> tell you.\nI am sorry.\n",
        "> We\n> regret to tell you.\nI am sorry.\n",
    )]
    own = [draft.own_text() for draft in drafts]
    assert own[0] == own[1]
    assert own[0].endswith("\nI am sorry.\n") and own[0][: own[0].index("I am")].isspace()


def test_unwrap_joins_wrapped_paragraph_lines_only():
    wrapped = "I hadn't slept at all because the neighbours were so loud and I\nwas tired.\n\nHi,\nNext.\n"
    joined = unwrap(wrapped)
    assert len(joined) == len(wrapped)
    assert "I was tired" in joined.replace("I ", "I ", 1) and "I\nwas" not in joined
    assert "\n\nHi,\nNext." in joined
    assert unwrap("A line that is long enough to be a wrapped line of text ok\r\nnext") .count("\r") == 0


def test_positions_are_one_based_line_and_column():
    draft = Draft("x", "ab\ncd\n", ())
    assert draft.position(0) == (1, 1)
    assert draft.position(4) == (2, 2)
    assert draft.position(6) == (3, 1)


def test_offset_map_points_into_the_source():
    draft = Draft("x", "sorry", (), source_text="<p>\n  sorry</p>", offset_map=(6, 7, 8, 9, 10, 11))
    assert draft.position(0) == (2, 3)
    assert draft.position(5) == (2, 8)
