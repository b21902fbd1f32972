"""The command line. Only wiring: parse options, load patterns, lint, render, choose the exit code.

spaCy is imported only by the linter, and only when there is text to lint, so ``--help``,
``--version``, ``rules`` and ``rule ID`` answer at once.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from . import __version__
from .config import Settings, unknown_selectors
from .finding import FileResult, Severity
from .patterns import PatternError, PatternSet, load_patterns

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
STDIN_NAME = "<stdin>"


class DefaultCommandGroup(click.Group):
    """``mail-lint PATH...`` means ``mail-lint check PATH...``, as ``ruff FILE`` once meant ``ruff check``."""

    default_command = "check"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mail-lint")
def main() -> None:
    """Lint email drafts for the follow-ups that hurt a candidate after a job interview.

    \b
    mail-lint draft.txt            lint a draft (same as: mail-lint check draft.txt)
    mail-lint drafts/              lint every draft file in a folder
    mail-lint - < message.eml      lint standard input
    mail-lint rules                list the rules
    mail-lint rule apology.sorry   explain a rule or a category

    Exit status: 0 clean, 1 findings, 2 usage or input error.
    """


def _split_list(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(item.strip() for value in values for item in value.split(",") if item.strip())


@main.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--select", multiple=True, callback=_split_list, metavar="PREFIX",
              help="Only these rules: category or rule-id prefixes, comma-separated.")
@click.option("--ignore", multiple=True, callback=_split_list, metavar="PREFIX",
              help="Skip these rules: category or rule-id prefixes, comma-separated.")
@click.option("--min-severity", type=click.Choice([s.label for s in Severity]), default="suggestion",
              show_default=True, help="Report only findings at or above this severity.")
@click.option("--assume-followup", is_flag=True,
              help="Treat every draft as an interview follow-up (turn the context gate off).")
@click.option("--glob", "globs", multiple=True, callback=_split_list, metavar="PATTERN",
              help="File patterns to lint inside directories (default: drafts, mail, HTML and templates).")
@click.option("--extra-patterns", "extra_patterns", multiple=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="Also load category pattern files (*.yaml) from DIR; validated like the built-in ones.")
@click.option("--stdin-filename", default=STDIN_NAME, show_default=True, help="Name to report for '-'.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors still exit 2).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line on stderr.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text output (auto: on a terminal, unless NO_COLOR is set).")
def check(paths: tuple[str, ...], output_format: str, select: tuple[str, ...], ignore: tuple[str, ...],
          min_severity: str, assume_followup: bool, globs: tuple[str, ...], extra_patterns: tuple[Path, ...],
          stdin_filename: str,
          exit_zero: bool, quiet: bool, color: str) -> None:
    """Lint drafts: files, directories, or - for standard input."""
    from .sources import DEFAULT_GLOBS

    if not paths:
        raise click.UsageError("no input: give a draft file, a directory, or - for standard input")
    pattern_set = _load_patterns_or_exit(extra_patterns)
    _check_selectors(pattern_set, select + ignore)
    settings = Settings(
        select=select, ignore=ignore, min_severity=Severity.parse(min_severity), assume_followup=assume_followup
    )
    results = list(_lint(pattern_set, settings, paths, globs or DEFAULT_GLOBS, stdin_filename))
    _report(results, output_format, _use_colour(color), quiet)
    sys.exit(_exit_code(results, exit_zero))


def _lint(pattern_set: PatternSet, settings: Settings, paths: tuple[str, ...], globs: tuple[str, ...],
          stdin_name: str) -> Iterator[FileResult]:
    from .linter import Linter
    from .sources import InputError, discover, load_drafts, read_path

    def drafts():
        for item in discover(paths, globs):
            if isinstance(item, InputError):
                yield item
                continue
            name = stdin_name if item == "-" else item
            try:
                yield from load_drafts(name, read_path(item))
            except InputError as error:
                yield InputError(name, error.problem)

    yield from Linter(pattern_set, settings).lint(drafts())


def _report(results: list[FileResult], output_format: str, colour: bool, quiet: bool) -> None:
    from .report import render_json, render_summary, render_text

    for result in results:
        if result.error:
            click.echo(f"mail-lint: {result.error}", err=True)
        for warning in result.warnings:
            click.echo(f"mail-lint: {result.path}: warning: {warning}", err=True)
    if output_format == "json":
        click.echo(render_json(results), nl=False)
    else:
        click.echo(render_text(results, color=colour), nl=False, color=colour)
        if not quiet:
            click.echo(render_summary(results), err=True)


def _exit_code(results: list[FileResult], exit_zero: bool) -> int:
    if any(r.failed for r in results):
        return EXIT_ERROR
    if any(r.findings for r in results) and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _use_colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _load_patterns_or_exit(extra_dirs: tuple[Path, ...] = ()) -> PatternSet:
    try:
        return load_patterns(extra_dirs=extra_dirs)
    except PatternError as error:
        click.echo(f"mail-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)


def _check_selectors(pattern_set: PatternSet, selectors: tuple[str, ...]) -> None:
    for selector in unknown_selectors(selectors, [rule.id for rule in pattern_set.rules]):
        suggestion = pattern_set.suggest(selector)
        hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
        raise click.BadParameter(f"no rule or category starts with {selector!r}{hint}", param_hint="--select/--ignore")


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True, help="markdown: the README's rule table.")
def rules_command(output_format: str) -> None:
    """List every rule with its category and message."""
    from .explain import rule_table, rules_listing

    pattern_set = _load_patterns_or_exit()
    click.echo(rule_table(pattern_set) if output_format == "markdown" else rules_listing(pattern_set), nl=False)


@main.command("rule")
@click.argument("rule_id")
def rule_command(rule_id: str) -> None:
    """Explain a rule (apology.sorry) or a whole category (apology)."""
    from .explain import explain

    pattern_set = _load_patterns_or_exit()
    try:
        click.echo(explain(pattern_set, rule_id), nl=False)
    except KeyError:
        suggestion = pattern_set.suggest(rule_id)
        hint = f" Did you mean {suggestion!r}?" if suggestion else " See 'mail-lint rules'."
        click.echo(f"mail-lint: no rule or category {rule_id!r}.{hint}", err=True)
        sys.exit(EXIT_ERROR)
