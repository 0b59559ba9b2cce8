package dev.tach.discovery.files;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a pytest run would read, found without running Python.
 *
 * @param rootdir pytest's rootdir
 * @param confcutdir the directory above which no conftest is loaded
 * @param args the arguments collection starts from (command line, {@code testpaths} matches, or the
 *     invocation directory), as pytest decides them
 * @param argsSource where {@code args} came from
 * @param testFiles the files pytest collects, in collection order (one entry per node-id argument
 *     selecting in a file; a file appears twice only under {@code --keep-duplicates})
 * @param conftests the {@code conftest.py} files pytest loads, in load order
 * @param deselect {@code --deselect} node-id prefixes, for the caller to drop matching tests
 * @param notCollected arguments pytest's builtin plugins collect nothing from (pytest fails with
 *     {@code found no collectors for ...} unless a third-party plugin collects them)
 * @param problems what pytest would report while collecting (an unreadable directory, a symbolic
 *     link loop) or what makes the listing uncertain
 */
@Api(Api.Status.EXPERIMENTAL)
public record CollectionPlan(
    Path rootdir,
    Path confcutdir,
    List<String> args,
    ArgsSource argsSource,
    List<TestFile> testFiles,
    List<SourceFile> conftests,
    List<String> deselect,
    List<String> notCollected,
    List<String> problems) {

  /** Where pytest took the collection arguments from ({@code Config.ArgsSource}). */
  @Api(Api.Status.EXPERIMENTAL)
  public enum ArgsSource {
    /** the command line. */
    ARGS,
    /** the {@code testpaths} setting (no arguments, run from the rootdir). */
    TESTPATHS,
    /** the invocation directory. */
    INVOCATION_DIR
  }

  public CollectionPlan {
    requireNonNull(rootdir, "rootdir is null");
    requireNonNull(confcutdir, "confcutdir is null");
    args = List.copyOf(args);
    requireNonNull(argsSource, "argsSource is null");
    testFiles = List.copyOf(testFiles);
    conftests = List.copyOf(conftests);
    deselect = List.copyOf(deselect);
    notCollected = List.copyOf(notCollected);
    problems = List.copyOf(problems);
  }

  /**
   * The loaded conftests whose hooks and fixtures apply to {@code file}: those in its directory and
   * the directories above it, outermost first (pytest's {@code _getconftestmodules}).
   */
  public List<SourceFile> conftestsFor(Path file) {
    Path dir = file.getParent();
    List<SourceFile> applying = new ArrayList<>();
    for (SourceFile conftest : conftests) {
      if (dir != null && dir.startsWith(conftest.path().getParent())) {
        applying.add(conftest);
      }
    }
    applying.sort((a, b) -> Integer.compare(a.path().getNameCount(), b.path().getNameCount()));
    return applying;
  }
}
