"""The greeting uses another name than the recipient's ("Dear Mark," to Dana Whitfield).

The recipient's names come from the To: header and from the attribution line of the quoted message
("On Mon, 2 Mar 2026, Dana Whitfield <dana@example.com> wrote:"); a name from the attribution line alone
is a weaker signal.
"""
from __future__ import annotations

import re

from ..draft import Draft, RegionKind
from . import CheckHit

_GREETING = re.compile(
    r"^[ \t]*(?i:dear|hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|greetings)[ \t]+"
    r"(?:(?i:mr|mrs|ms|miss|mx|dr|prof|professor)\.?[ \t]+)?"
    r"(?P<name>[A-Z][\w'\u2019-]+)(?:[ \t]+(?P<last>[A-Z][\w'\u2019-]+))?[ \t]*[,!:.]?[ \t]*$",
    re.MULTILINE,
)
_ATTRIBUTION_NAME = re.compile(
    r"(?:^|,)\s*(?P<name>[A-Z][\w'\u2019.-]+(?:\s+[A-Z][\w'\u2019.-]+){0,3})\s*(?:<[^>]*>)?\s*wrote:", re.M
)
_QUOTED_FROM = re.compile(r"^[ \t>]*\*?From:\*?[ \t]+(?P<name>[^<\r\n]+?)[ \t]*(?:<|\[|$)", re.M)
_POSSESSIVE = re.compile(r"['\u2019]s?$")  # "Dana's" -> "Dana", "James'" -> "James"; "Jess" stays "Jess"
_GENERIC = frozenset({
    "sir", "madam", "sirs", "team", "all", "everyone", "everybody", "hiring", "manager", "recruiter", "there",
    "folks", "colleagues", "committee", "friends", "recruitment", "hr", "talent", "panel", "candidate", "you",
    "again", "both", "guys", "people", "again,", "admissions", "support", "human", "sales",
})
_NICKNAMES = {
    "bob": "robert", "rob": "robert", "bill": "william", "will": "william", "liz": "elizabeth", "beth": "elizabeth",
    "kate": "katherine", "katie": "katherine", "cathy": "catherine", "jim": "james", "jimmy": "james",
    "mike": "michael", "dick": "richard", "rick": "richard", "peggy": "margaret", "maggie": "margaret",
    "tom": "thomas", "tony": "anthony", "jack": "john", "johnny": "john", "sandy": "alexandra", "alex": "alexander",
    "sasha": "alexandra", "ted": "edward", "ed": "edward", "ned": "edward", "harry": "henry", "jen": "jennifer",
    "jenny": "jennifer", "sue": "susan", "dave": "david", "steve": "stephen", "pat": "patricia", "nick": "nicholas",
    "chuck": "charles", "charlie": "charles", "larry": "lawrence", "andy": "andrew", "drew": "andrew",
    "becky": "rebecca", "abby": "abigail", "meg": "margaret", "greg": "gregory", "matt": "matthew", "sam": "samuel",
}


def greeting_name(draft: Draft) -> list[CheckHit]:
    """A greeting naming someone other than the To: display name is a strong signal; when only the quoted
    message's attribution names anyone, a weak one (a recruiter often writes for the hiring manager)."""
    addressed = list(draft.recipients)
    quoted = _quoted_names(draft)
    parts = _name_parts(addressed + quoted)
    if not parts:
        return []
    own = draft.region_text(RegionKind.BODY)
    match = _GREETING.search(own)
    if match is None or _masked(draft, match.start("name"), match.end("name")):
        return []
    names = [match.group("name")] + ([match.group("last")] if match.group("last") else [])
    if any(name.lower() in _GENERIC for name in names) or any(_same_person(name, parts) for name in names):
        return []
    end = match.end("last") if match.group("last") else match.end("name")
    strong = bool(_name_parts(addressed))
    addressee = (f"the message goes to {addressed[0]}" if strong
                 else f"the message you are answering is from {quoted[0]}")
    return [CheckHit(match.start("name"), end, {"addressee": addressee}, weak=not strong)]


def _quoted_names(draft: Draft) -> list[str]:
    quoted = draft.region_text(RegionKind.QUOTE)
    names = [m.group("name").strip() for m in _ATTRIBUTION_NAME.finditer(quoted)]
    names += [m.group("name").strip() for m in _QUOTED_FROM.finditer(quoted)]
    return [name for name in names if "@" not in name]


def _name_parts(names: list[str]) -> set[str]:
    parts = set()
    for name in names:
        for part in re.split(r"[\s,.]+", name):
            part = part.strip("'\"()").lower()
            if len(part) >= 2 and part not in _GENERIC:
                parts.add(part)
    return parts


def _same_person(name: str, parts: set[str]) -> bool:
    name = _POSSESSIVE.sub("", name.lower())
    canonical = _NICKNAMES.get(name, name)
    for part in parts:
        if name == part or canonical == part or _NICKNAMES.get(part) == name:
            return True
        shorter, longer = sorted((name, part), key=len)
        if len(shorter) >= 3 and longer.startswith(shorter):
            return True
    return False


def _masked(draft: Draft, start: int, end: int) -> bool:
    return any(mask.start < end and start < mask.end for mask in draft.masks)
