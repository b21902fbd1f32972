"""CI output formats: GitHub annotations, SARIF 2.1.0 (validated against the official schema), JUnit."""
from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from mail_lint.cli import main

DRAFT = "Dear Ms. Park,\n\nThank you for the interview for the analyst role.\nI am so sorry I was nervous.\n"
# The OASIS SARIF 2.1.0 schema, vendored so that the suite needs no download: taken unchanged from
# lib/schemas/sarif-2.1.0-rtm.5.json of the npm package @microsoft/jest-sarif@1.0.0-beta.0.
SARIF_SCHEMA = Path(__file__).parent / "fixtures" / "sarif-2.1.0-rtm.5.json"


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "a, draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def test_github_annotations(draft):
    result = invoke("--format", "github", str(draft))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    file_property = str(draft).replace(",", "%2C")
    assert lines[0].startswith(f"::warning file={file_property},line=3,col=1,endLine=3,endColumn=")
    assert ",title=thank-you.for-the-interview::" in lines[0]
    assert lines[0].endswith('"Thank you for the interview for the analyst role"')


def test_github_reports_unreadable_files_as_errors(tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01")
    result = invoke("--format", "github", str(binary))
    assert result.stdout.startswith(f"::error file={binary},title=mail-lint::")


def test_junit_is_xml_with_a_failure_per_finding(draft, tmp_path):
    out = tmp_path / "junit.xml"
    result = invoke("--format", "junit", "-o", str(out), str(draft))
    assert result.exit_code == 1 and result.stdout == ""
    suite = ElementTree.parse(out).getroot()
    assert suite.tag == "testsuite" and suite.get("tests") == "1" and suite.get("failures") == "1"
    failures = suite.findall("./testcase/failure")
    assert [f.get("type") for f in failures] == ["thank-you.for-the-interview", "apology.sorry", "excuse.nerves"]
    assert failures[1].get("message") == "4:9: warning apology.sorry"


def sarif_schema() -> dict:
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(draft, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00")
    result = invoke("--format", "sarif", str(draft), str(binary))
    log = json.loads(result.stdout)
    jsonschema.validate(log, sarif_schema())
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert [r["ruleId"] for r in run["results"]] == ["thank-you.for-the-interview", "apology.sorry", "excuse.nerves"]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for sarif_result in run["results"]:
        assert rule_ids[sarif_result["ruleIndex"]] == sarif_result["ruleId"]
    region = run["results"][2]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["snippet"]["text"]) == (4, 15, "I was nervous")
    assert run["invocations"][0]["executionSuccessful"] is False  # the binary file
    assert run["results"][0]["level"] == "warning"
