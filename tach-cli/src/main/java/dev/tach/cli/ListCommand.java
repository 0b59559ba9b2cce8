package dev.tach.cli;

import dev.tach.api.Api;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options of {@code tach list}: the suite as static discovery sees it, without Python. */
@Api(Api.Status.INTERNAL)
@Command(
    name = "list",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Lists the tests pytest would collect, read from the source: no Python process starts.",
      "Arguments after -- are read as pytest's (-c, --rootdir, -o, --ignore, --ignore-glob,",
      "--deselect, --confcutdir, -p no:PLUGIN)."
    },
    footer = {
      "",
      "Exit codes: 0 listed, 2 configuration error, 3 no tests or a discovery error (E003, E017,",
      "E018: printed on stderr, one line each, after the listing)."
    })
public final class ListCommand {

  @Parameters(paramLabel = "PATH|NODEID", description = "Files, directories or node ids (default: pytest's testpaths).")
  List<String> selectors = new ArrayList<>();

  @Option(names = "-k", paramLabel = "EXPR", description = "Only tests whose names match EXPR (pytest -k).")
  String keyword;

  @Option(names = "-m", paramLabel = "EXPR", description = "Only tests whose markers match EXPR (pytest -m).")
  String markers;

  @Option(names = "--format", paramLabel = "text|json", description = "text (default): one node id per line; json: one document with file, line, markers, fixtures and scopes per test.")
  String format = "text";

  @Option(names = "--fixtures", description = "List the fixtures visible to the selected tests, like pytest --fixtures.")
  boolean fixtures;

  @Option(names = "--toxic", description = "List the tests and modules that import thread-, process- or socket-starting modules, with the import chain.")
  boolean toxic;

  @Option(names = "--no-ignore", description = "Do not honour .gitignore and .ignore files.")
  boolean noIgnore;

  @Option(names = "--no-cache", description = "Neither read nor write the parse cache (.tach/cache).")
  boolean noCache;

  @Option(names = "--python", paramLabel = "PATH", description = "The interpreter whose installed packages decide importorskip and plugins (it is not started).")
  Path python;

  @Option(names = "--debug", description = "Show stack traces and timings.")
  boolean debug;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean helpRequested;
}
