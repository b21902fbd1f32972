"""The command line. Only wiring: parse options, load configuration and patterns, lint, render, exit.

spaCy is imported only by the linter, and only when there is text to lint, so ``--help``,
``--version``, ``rules`` and ``rule ID`` answer at once.
"""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from . import __version__
from .config import Config, ConfigError, find_config, load_config, unknown_selectors
from .finding import FileResult, Severity
from .patterns import PatternError, PatternSet, load_patterns
from .report import FORMATS, REPORTERS, Reporter, ReportOptions

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
    mail-lint draft.txt                 lint a draft (same as: mail-lint check draft.txt)
    mail-lint drafts/                   lint every draft file in a folder
    mail-lint - < message.eml           lint standard input
    mail-lint sendmail -- sendmail -oi  pre-send hook: refuse, or deliver untouched
    mail-lint rules                     list the rules
    mail-lint rule apology.sorry        explain a rule or a category
    mail-lint check-patterns DIR        validate your own pattern files and run their examples

    Exit status: 0 clean, 1 findings, 2 usage, configuration or input error.
    """


def program() -> None:
    """The program (``mail-lint``, ``python -m mail_lint``): ``main``, ending without the interpreter's
    tear-down once spaCy is loaded. Freeing a loaded pipeline's objects one by one at exit costs more
    than linting an ordinary draft (0.2 to 0.35 s of CPU, measured), and nothing needs it: the report is
    written and closed, worker processes are joined. The output is flushed first; if that fails (a
    closed pipe, a stream already closed), the exit is the ordinary one, as before. Without spaCy
    (--help, rule ID, ordinary mail through the hook) the exit is the ordinary one too."""
    try:
        main()
    except SystemExit as end:
        if "spacy" not in sys.modules or not isinstance(end.code, int | None):
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe, or a stream already closed (the language server's)
            raise end from None
        os._exit(end.code or 0)


def _split_list(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(item.strip() for value in values for item in value.split(",") if item.strip())


def _config_options(function):
    for option in reversed([
        click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="Configuration file (default: the nearest .mail-lint.toml, .mail-lint.yaml or "
                          "pyproject.toml [tool.mail-lint] above the files)."),
        click.option("--isolated", is_flag=True, help="Ignore configuration files."),
        click.option("--extra-patterns", "extra_patterns", multiple=True, metavar="DIR",
                     type=click.Path(file_okay=False, path_type=Path),
                     help="Also load category pattern files (*.yaml) from DIR; validated like the built-in ones."),
    ]):
        function = option(function)
    return function


@main.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to a file.")
@click.option("--template", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Render the report with your own jinja2 template (gets the same data as html/markdown).")
@click.option("--select", multiple=True, callback=_split_list, metavar="PREFIX",
              help="Only these rules: category or rule-id prefixes, comma-separated.")
@click.option("--ignore", multiple=True, callback=_split_list, metavar="PREFIX",
              help="Skip these rules: category or rule-id prefixes, comma-separated.")
@click.option("--min-severity", type=click.Choice([s.label for s in Severity]), default=None,
              help="Report only findings at or above this severity [default: suggestion].")
@click.option("--assume-followup", is_flag=True,
              help="Treat every draft as an interview follow-up (turn the context gate off).")
@click.option("--no-screen", "no_screen", is_flag=True,
              help="Run the full context gate on every draft, for its score and evidence in the JSON "
                   "(slower; the findings are the same).")
@click.option("--glob", "globs", multiple=True, callback=_split_list, metavar="PATTERN",
              help="File patterns to lint inside directories (default: drafts, mail, HTML and templates).")
@_config_options
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Lint files in this many processes.")
@click.option("--dask-scheduler", envvar="MAIL_LINT_DASK_SCHEDULER", metavar="ADDRESS",
              help="Lint on this Dask cluster (tcp://HOST:PORT; env MAIL_LINT_DASK_SCHEDULER). Needs "
                   "mail-lint[dask]; workers must see the files at the same paths.")
@click.option("--stdin-filename", default=STDIN_NAME, show_default=True, help="Name to report for '-'.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors still exit 2).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line or progress on stderr.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text output (auto: on a terminal, unless NO_COLOR is set).")
def check(paths: tuple[str, ...], output_format: str, output: Path | None, template: Path | None,
          select: tuple[str, ...],
          ignore: tuple[str, ...], min_severity: str | None, assume_followup: bool, no_screen: bool,
          globs: tuple[str, ...],
          config_path: Path | None, isolated: bool, extra_patterns: tuple[Path, ...], jobs: int,
          dask_scheduler: str | None, stdin_filename: str, exit_zero: bool, quiet: bool, color: str) -> None:
    """Lint drafts: files, directories, or - for standard input."""
    from .runner import collect, lint_files

    if not paths:
        raise click.UsageError("no input: give a draft file, a directory, or - for standard input")
    try:
        config = _configuration(config_path, isolated, paths, extra_patterns)
    except ConfigError as error:
        click.echo(f"mail-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)
    config = _with_command_line(config, select, ignore, min_severity, assume_followup, globs)
    if no_screen:
        config = replace(config, screen=False)
    pattern_set = _load_patterns_or_exit(config.extra_patterns)
    _check_selectors(pattern_set, config, select + ignore)
    items = _without_output(collect(paths, config), output, paths)
    progress = _progress(len(items)) if not quiet and sys.stderr.isatty() and len(items) > 20 else None
    if template is not None and output_format != "text" and not REPORTERS[output_format].keeps_text:
        raise click.UsageError(f"--template renders HTML or Markdown; it cannot make --format {output_format}")
    if template is not None and not REPORTERS[output_format].keeps_text:
        output_format = "html" if template.name.endswith((".html", ".htm", ".html.j2")) else "markdown"
    reporter = REPORTERS[output_format]
    if dask_scheduler:
        from .cluster import ClusterError, lint_on_cluster

        try:
            stream = lint_on_cluster(dask_scheduler, items, config, stdin_filename, progress,
                                     keep_text=reporter.keeps_text)
        except ClusterError as error:
            click.echo(f"mail-lint: {error}", err=True)
            sys.exit(EXIT_ERROR)
    else:
        stream = lint_files(items, config, pattern_set, stdin_filename, jobs, progress, keep_text=reporter.keeps_text)
    stream = _pipeline_guarded(stream)
    colour = _use_colour(color) and output is None
    options = _report_options(pattern_set, colour, template)
    if reporter.streams and output is None:
        tally = _stream(stream, reporter, options)  # flat memory: nothing is kept but counts
        _end_progress(progress)
        if output_format == "text" and not quiet and (tally.findings or tally.errors or sys.stderr.isatty()):
            from .report import render_summary

            click.echo(render_summary(tally.summary()), err=True)
        sys.exit(_exit_status(tally.errors, tally.findings, exit_zero))
    results = list(stream)
    _end_progress(progress)
    try:
        _report(results, output_format, output, options, quiet)
    except ValueError as error:  # a broken --template
        click.echo(f"mail-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except OSError as error:  # the report file cannot be written
        click.echo(f"mail-lint: {output}: cannot write the report: {error.strerror or error}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(_exit_code(results, exit_zero))


def _pipeline_guarded(stream):
    """The results; a pipeline that cannot be built (spaCy broken or missing) ends the run with one line."""
    from .linter import PipelineError

    try:
        yield from stream
    except PipelineError as error:
        click.echo(f"mail-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)


def _without_output(items: list, output: Path | None, paths: tuple[str, ...]) -> list:
    """The inputs without the -o target (a report an earlier run wrote into a linted folder); refuse an
    -o target that is an input named on the command line, or that cannot be written, before any linting."""
    if output is None:
        return items
    if not output.parent.is_dir():
        click.echo(f"mail-lint: {output}: cannot write the report: folder {str(output.parent)!r} does not exist",
                   err=True)
        sys.exit(EXIT_ERROR)
    target = output.resolve()
    if any(path != "-" and Path(path).resolve() == target for path in paths):
        click.echo(f"mail-lint: {output}: is an input; refusing to write the report over it", err=True)
        sys.exit(EXIT_ERROR)
    return [item for item in items if not isinstance(item, str) or item == "-" or Path(item).resolve() != target]


def _stream(results, reporter: Reporter, options: ReportOptions):
    from .finding import Tally

    tally = Tally()
    for result in results:
        _print_problems(result)
        text = reporter.render([result], options)
        if text:
            click.echo(text, nl=False, color=options.colour)
        tally.add(result)
    return tally


def _end_progress(progress) -> None:
    if progress:
        click.echo("\r\033[K", nl=False, err=True)


def _print_problems(result: FileResult) -> None:
    from .report.visible import one_line

    if result.error:
        click.echo(f"mail-lint: {one_line(result.error)}", err=True)
    for warning in result.warnings:
        click.echo(f"mail-lint: {one_line(result.path)}: warning: {one_line(warning)}", err=True)


def _configuration(config_path: Path | None, isolated: bool, paths: tuple[str, ...],
                   extra_patterns: tuple[Path, ...]) -> Config:
    config = Config()
    if not isolated:
        start = Path(next((p for p in paths if p != "-"), ".")).resolve()
        found = config_path or find_config(start)
        if found is not None:
            config = load_config(found)  # ConfigError: the caller decides what it means
    return replace(config, extra_patterns=config.extra_patterns + tuple(extra_patterns))


def _with_command_line(config: Config, select: tuple[str, ...], ignore: tuple[str, ...], min_severity: str | None,
                       assume_followup: bool, globs: tuple[str, ...]) -> Config:
    changes: dict = {}
    if select:
        changes["select"] = select
    if ignore:
        changes["ignore"] = ignore
    if min_severity:
        changes["min_severity"] = Severity.parse(min_severity)
    if assume_followup:
        changes["assume_followup"] = True
    return replace(config, settings=replace(config.settings, **changes), include=globs or config.include)


def _progress(total: int):
    def show(done: int) -> None:
        click.echo(f"\rmail-lint: {done}/{total} files", nl=False, err=True)

    return show


def _report_options(pattern_set: PatternSet, colour: bool, template: Path | None) -> ReportOptions:
    rules = tuple({"id": rule.id, "message": rule.message, "why": rule.why, "instead": rule.instead,
                   "severity": rule.severity} for rule in pattern_set.rules)
    categories = tuple({"id": c.id, "label": c.label, "colour": c.colour, "background": c.background, "line": c.line,
                        "summary": c.summary, "why": c.why, "instead": c.instead}
                       for c in pattern_set.categories_in_order())
    return ReportOptions(rules=rules, categories=categories, colour=colour, template=template)


def _report(results: list[FileResult], output_format: str, output: Path | None, options: ReportOptions,
            quiet: bool) -> None:
    from . import report

    for result in results:
        _print_problems(result)
    text = REPORTERS[output_format].render(results, options)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False, color=options.colour)
    something = any(r.findings or r.error for r in results)
    if output_format == "text" and not quiet and (something or sys.stderr.isatty()):
        click.echo(report.render_summary(results), err=True)


def _exit_code(results: list[FileResult], exit_zero: bool) -> int:
    return _exit_status(sum(r.failed for r in results), sum(len(r.findings) for r in results), exit_zero)


def _exit_status(errors: int, findings: int, exit_zero: bool) -> int:
    if errors:
        return EXIT_ERROR
    if findings and not exit_zero:
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


def _patterns_of_configuration(config_path: Path | None, isolated: bool,
                               extra_patterns: tuple[Path, ...]) -> PatternSet:
    """The rules a check in this folder would use (built-in, configured and --extra-patterns packs), as
    ``rule`` and ``rules`` show them: their texts, no pattern compiled."""
    from .patterns import load_rule_texts

    try:
        config = _configuration(config_path, isolated, (".",), extra_patterns)
        return load_rule_texts(extra_dirs=config.extra_patterns)
    except (ConfigError, PatternError) as error:
        click.echo(f"mail-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)


def _check_selectors(pattern_set: PatternSet, config: Config, command_line: tuple[str, ...]) -> None:
    rule_ids = [rule.id for rule in pattern_set.rules]
    for selector in unknown_selectors(command_line, rule_ids):
        raise click.BadParameter(f"no rule or category starts with {selector!r}{_hint(pattern_set, selector)}",
                                 param_hint="--select/--ignore")
    for where, selector in config.rule_selectors():
        if selector not in command_line and unknown_selectors((selector,), rule_ids):
            click.echo(f"mail-lint: {where}: no rule or category starts with {selector!r}"
                       f"{_hint(pattern_set, selector)}", err=True)
            sys.exit(EXIT_ERROR)


def _hint(pattern_set: PatternSet, name: str) -> str:
    suggestion = pattern_set.suggest(name)
    return f" (did you mean {suggestion!r}?)" if suggestion else ""


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True, help="markdown: the README's rule table.")
@_config_options
def rules_command(output_format: str, config_path: Path | None, isolated: bool,
                  extra_patterns: tuple[Path, ...]) -> None:
    """List every rule with its category and message."""
    from .explain import rule_table, rules_listing

    pattern_set = _patterns_of_configuration(config_path, isolated, extra_patterns)
    click.echo(rule_table(pattern_set) if output_format == "markdown" else rules_listing(pattern_set), nl=False)


@main.command("rule")
@click.argument("rule_id")
@_config_options
def rule_command(rule_id: str, config_path: Path | None, isolated: bool, extra_patterns: tuple[Path, ...]) -> None:
    """Explain a rule (apology.sorry) or a whole category (apology)."""
    from .explain import explain

    pattern_set = _patterns_of_configuration(config_path, isolated, extra_patterns)
    try:
        click.echo(explain(pattern_set, rule_id), nl=False)
    except KeyError:
        suggestion = pattern_set.suggest(rule_id)
        hint = f" Did you mean {suggestion!r}?" if suggestion else " See 'mail-lint rules'."
        click.echo(f"mail-lint: no rule or category {rule_id!r}.{hint}", err=True)
        sys.exit(EXIT_ERROR)


@main.command("check-patterns")
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--explain", "explain_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Show how each pattern line of FILE splits into items (a·b·c), marking the untested lines.")
def check_patterns_command(directories: tuple[Path, ...], explain_file: Path | None) -> None:
    """Validate pattern files in DIRECTORY, run every rule's own examples and check that each pattern
    line is matched by one of its rule's fail examples."""
    from .examples import run_examples, unexercised_lines, unexercised_patterns, unexercised_signal_lines

    if explain_file is not None:
        from .explain import explain_patterns

        pattern_set = _load_patterns_or_exit(() if _is_builtin(explain_file) else (explain_file.parent,))
        rules = [rule for rule in pattern_set.rules if Path(rule.source).resolve() == explain_file.resolve()]
        signals = [signal for signal in pattern_set.signals if Path(signal.source).resolve() == explain_file.resolve()]
        untested = {(rule.id, line) for rule, line in unexercised_lines(pattern_set, rules)}
        untested |= {(signal.name, line) for signal, line in unexercised_signal_lines(pattern_set, signals)}
        source = rules[0].source if rules else signals[0].source if signals else str(explain_file)
        click.echo(explain_patterns(pattern_set, source, untested), nl=False)
        sys.exit(EXIT_FINDINGS if untested else EXIT_CLEAN)
    if not directories:
        raise click.UsageError("give a directory of pattern files, or --explain FILE")
    pattern_set = _load_patterns_or_exit(directories)
    from .patterns import pattern_files

    sources = {p.resolve() for d in directories if d.is_dir() for p in pattern_files(d)}
    rules = [rule for rule in pattern_set.rules if Path(rule.source).resolve() in sources]
    failures = run_examples(pattern_set, rules) + unexercised_patterns(pattern_set, rules)
    for failure in failures:
        click.echo(failure)
    examples = sum(len(r.fail_examples) + len(r.pass_examples) for r in rules)
    click.echo(f"mail-lint: {len(rules)} rules, {examples} examples, {len(failures)} failing.", err=True)
    sys.exit(EXIT_FINDINGS if failures else EXIT_CLEAN)


def _is_builtin(path: Path) -> bool:
    from .patterns import builtin_patterns_dir

    return path.resolve().parent == builtin_patterns_dir().resolve()


@main.command("lsp")
def lsp_command() -> None:
    """Language server over stdio: marks a draft in your editor as you write it (needs mail-lint[lsp])."""
    from .lsp import missing_dependency, run

    problem = missing_dependency()
    if problem:
        click.echo(f"mail-lint: {problem}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(run())


@main.command("sendmail", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@_config_options
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
def sendmail_command(config_path: Path | None, isolated: bool, extra_patterns: tuple[Path, ...],
                     command: tuple[str, ...]) -> None:
    """Pre-send hook: lint the message on stdin, then deliver it with COMMAND or refuse (exit 65).

    \b
    NeoMutt / Mutt:  set sendmail="mail-lint sendmail -- /usr/sbin/sendmail -oem -oi"
    aerc:            outgoing = mail-lint sendmail -- msmtp -a work
    Send anyway:     add the header "X-Mail-Lint: skip" (removed before delivery), or MAIL_LINT_SKIP=1
    """
    from . import hook

    message = hook.read_message()
    if message is None:
        click.echo("mail-lint: no message on standard input (it is closed); nothing sent", err=True)
        sys.exit(hook.EX_NOINPUT)
    command = command[1:] if command and command[0] == "--" else command
    if not command:
        raise click.UsageError("give the delivery command after --, e.g. mail-lint sendmail -- sendmail -oi")
    message, skipped = hook.strip_skip_header(message)
    config = Config()
    try:
        config = _configuration(config_path, isolated, ("-",), extra_patterns)
        if not skipped and not hook.skip_requested():
            results = _lint_message(message, config)
            if results is None:  # too large to check in time
                click.echo(hook.too_large_note(config.large_message), nl=False, err=True)
                if config.large_message == "refuse":
                    sys.exit(hook.EX_DATAERR)
            elif any(r.findings for r in results):
                click.echo(hook.refusal(results), nl=False, err=True)
                sys.exit(hook.EX_DATAERR)
    except SystemExit:
        raise
    except BaseException as error:  # any failure of the checker itself: apply the policy
        if not hook.fail_open_requested(config.fail_open):
            click.echo(f"mail-lint: could not check this message ({type(error).__name__}: {error}); not sent.\n"
                       f"To send unchecked while this is fixed, set {hook.FAIL_OPEN_ENV}=1 or fail-open = true.",
                       err=True)
            sys.exit(hook.EX_TEMPFAIL)
        if sys.stderr.isatty():  # mail clients read any output as failure; only a person sees this
            click.echo(f"mail-lint: could not check this message ({error}); sent unchecked (fail-open).", err=True)
    status, problem = hook.deliver(command, message)
    if problem:
        click.echo(f"mail-lint: {problem}", err=True)
    sys.exit(status)


def _lint_message(message: bytes, config: Config) -> list[FileResult] | None:
    """The message's results, or None when it is too large to check in time. A message with no text of
    the sender's own (only an attachment, a forward) or that cannot be read as one has nothing to refuse."""
    from . import hook
    from .linter import Linter
    from .sources import InputError, load_drafts

    # A pattern pack is loaded (and checked) now; the built-in patterns only if a draft gets past the screen.
    pattern_set = load_patterns(extra_dirs=config.extra_patterns) if config.extra_patterns else None
    drafts = [d for d in load_drafts("message.eml", hook.lintable(message)) if not isinstance(d, InputError)]
    if any(hook.too_large(draft.text) for draft in drafts):
        return None
    linter = Linter(pattern_set, config.settings, settings_for=config.settings_for, screen=config.screen)
    results = list(linter.lint(drafts))  # ordinary mail is screened out: spaCy is not even imported
    failed = [r for r in results if r.error]  # a failure of mail-lint itself, not of the message
    if failed:
        raise ValueError(failed[0].error)
    return results
